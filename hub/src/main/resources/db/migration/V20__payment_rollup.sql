-- Hourly rollups of the payments for analytics (docs/analytics.md, "How it answers fast"). A month of payments is
-- millions of rows; its rollup is the number of distinct (hour, dimensions) among them. Every insert into payment
-- appends its statement's aggregate to payment_rollup_delta (a trigger over the statement's new rows: one small
-- group-by per batch, no row another writer waits on); the hub folds the deltas into payment_rollup every few
-- seconds, one instance at a time. A query reads both, so it is exact up to the last committed payment.
--
-- `cards` is a 256-bit map of the cards seen (bit hashtext(pan_token) & 255): the number of bits set never exceeds
-- the number of distinct cards, so it proves a group holds at least that many, which is all small-cell suppression
-- needs. The rollup holds the dimensions a month of payments has few combinations of; a query on the merchant
-- category, an amount band or the status (which changes after the insert, by pacs.002), or for a percentile or an
-- exact distinct count, reads the payments themselves.
create table payment_rollup (
    hour            timestamptz not null,
    region          text        not null,
    origin_country  text        not null,   -- '' when the payment has none (as for every text dimension below)
    currency        text        not null,
    message_type    text        not null,
    source          text        not null,
    format          text        not null,
    payments        bigint      not null,
    card_payments   bigint      not null,
    amount_payments bigint      not null,   -- those with an amount, for the average
    sum_amount      numeric,
    cards           bit(256)    not null
);

create unique index payment_rollup_key on payment_rollup
    (hour, region, origin_country, currency, message_type, source, format);

create table payment_rollup_delta (like payment_rollup);
create index payment_rollup_delta_hour on payment_rollup_delta (hour);

create function payment_rollup_append() returns trigger language plpgsql as
$$
begin
    insert into payment_rollup_delta
    select date_trunc('hour', received_at, 'UTC'), region, coalesce(origin_country::text, ''),
           coalesce(currency::text, ''), message_type, source, format,
           count(*), count(pan_token), count(amount_minor), sum(amount_minor),
           coalesce(bit_or(case when pan_token is not null
                                then set_bit(repeat('0', 256)::bit(256), hashtext(pan_token) & 255, 1) end),
                    repeat('0', 256)::bit(256))
      from inserted
     group by 1, 2, 3, 4, 5, 6, 7;
    return null;
end
$$;

create trigger payment_rollup_append after insert on payment
    referencing new table as inserted for each statement execute function payment_rollup_append();

-- the payments stored before this migration
insert into payment_rollup
select date_trunc('hour', received_at, 'UTC'), region, coalesce(origin_country::text, ''), coalesce(currency::text, ''),
       message_type, source, format,
       count(*), count(pan_token), count(amount_minor), sum(amount_minor),
       coalesce(bit_or(case when pan_token is not null
                            then set_bit(repeat('0', 256)::bit(256), hashtext(pan_token) & 255, 1) end),
                repeat('0', 256)::bit(256))
  from payment
 group by 1, 2, 3, 4, 5, 6, 7;

do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        -- the trigger appends as the writer; the hub's fold moves deltas into the rollup
        execute format('grant select, insert, delete on payment_rollup_delta to %I', '${app_role}');
        execute format('grant select, insert, update on payment_rollup to %I', '${app_role}');
    end if;
end
$$;
