-- Residency decisions that stored no payment here. A LOCAL decision is its payment row (region, origin_country,
-- residency_field). FOREIGN rows keep no message id: another region's message ids are not kept in this region.
create table residency_decision (
    id              bigserial    primary key,
    message_id      varchar(200),
    source          varchar(16)  not null,
    format          varchar(16)  not null,
    outcome         varchar(8)   not null check (outcome in ('FOREIGN', 'UNKNOWN')),
    origin_country  char(2),
    region          varchar(32),
    deciding_field  varchar(120) not null,
    decided_at      timestamptz  not null default now(),
    check (outcome = 'UNKNOWN' or message_id is null)
);

-- a redelivered quarantined message is recorded once
create unique index residency_decision_unknown_idx on residency_decision (message_id) where message_id is not null;
create index residency_decision_decided_at_idx on residency_decision (decided_at);
