-- Personal data of ISO 20022 parties, only as the masking rules keep it (e.g. initials, last four digits).
alter table payment add column personal_data jsonb not null default '{}';
-- The latest status reported for the payment (pacs.002), e.g. RJCT with reason AC04.
alter table payment add column status_reason varchar(8);
alter table payment add column status_updated_at timestamptz;

-- Statuses for payments not (yet) stored here, kept until their payment arrives.
create table payment_status_pending (
    message_id   varchar(200) primary key,
    status       varchar(8)   not null,
    reason       varchar(8),
    report_id    varchar(64)  not null,
    received_at  timestamptz  not null default now()
);
