-- Append-only, hash-chained audit trail (PCI DSS 10.2, 10.3): who, what, when, from where, outcome, which records.
-- hash = SHA-256 over prev_hash and the row's canonical form (io.paymenthub.hub.audit.AuditChain); the first
-- row's prev_hash is 64 zeros. Editing, deleting or inserting a row in the middle breaks the chain from there on.
create table audit_event (
    seq         bigint       primary key,           -- 1, 2, 3 ... without gaps
    occurred_at timestamptz  not null,
    actor       varchar(200) not null,              -- user name or token subject; 'anonymous' when none
    roles       varchar(200) not null,
    action      varchar(64)  not null,              -- e.g. PAYMENT_QUERY, LOGIN_FAILURE, ADMIN_OPERATION
    target      varchar(500) not null,              -- what was accessed: method and path, or the operation
    outcome     varchar(16)  not null,              -- SUCCESS, FAILURE, DENIED
    source_ip   varchar(64)  not null,
    records     text[]       not null,              -- message_ids of the payments returned (PCI DSS 10.2.1.1)
    detail      text         not null,              -- JSON: filters, counts, reason; never card data
    prev_hash   char(64)     not null,
    hash        char(64)     not null unique
);

create index audit_event_occurred_at_idx on audit_event (occurred_at);
create index audit_event_actor_idx on audit_event (actor, occurred_at);
create index audit_event_records_idx on audit_event using gin (records);

-- Rows are never changed or removed, not even by the owner, unless the owner first disables this trigger
-- (which only the owner or a superuser can do: production runs the hub as a role that cannot, see V5).
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_event_no_update_or_delete before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();

revoke update, delete, truncate on audit_event from public;

do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        execute format('grant select, insert on audit_event to %I', '${app_role}');
    end if;
end
$$;
