-- One row per message sent to its source's dead-letter place, so the dashboard's dead-letter counts are the same on
-- every pod and after a restart. A row names the source and the rejected field (DE11, GrpHdr/MsgId) or the limit
-- the message was over (max-body-bytes); never the message content nor any value taken from it.
create table dead_letter_event (
    id      bigserial    primary key,
    source  varchar(32)  not null,
    reason  varchar(120) not null,
    at      timestamptz  not null default now()
);

create index dead_letter_event_at_idx on dead_letter_event (at);

do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        -- dead letters are recorded and counted, never changed
        execute format('grant select, insert on dead_letter_event to %I', '${app_role}');
        execute format('grant usage on sequence dead_letter_event_id_seq to %I', '${app_role}');
    end if;
end
$$;
