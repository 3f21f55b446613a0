-- One row per payment, card data only in protected form (PCI DSS 3.4.1, 3.5.1.1).
create table payment (
    message_id      varchar(200) primary key,          -- idempotency key, see DESIGN.md "Datastore"
    source          varchar(16)  not null,
    format          varchar(16)  not null,
    message_type    varchar(40)  not null,
    origin_country  char(2),
    region          varchar(32)  not null,
    residency_field varchar(120),                      -- the field that decided the region
    amount_minor    bigint,
    currency        char(3),
    pan_token       char(64),                          -- hex HMAC-SHA-256 of the whole PAN
    pan_key_id      varchar(64),
    pan_masked      varchar(19),                       -- first six and last four
    message_refs    jsonb        not null default '{}', -- DE 11/37/41 or MsgId/EndToEndId/UETR
    received_at     timestamptz  not null,
    stored_at       timestamptz  not null default now(),
    status          varchar(16)  not null
);

create index payment_pan_token_idx on payment (pan_token);
create index payment_received_at_idx on payment (received_at);
