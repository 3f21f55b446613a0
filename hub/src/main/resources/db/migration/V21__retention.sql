-- Retention (docs/compliance.md, "Retention"): the hub's purge job removes what is older than hub.retention.*, in
-- bounded batches, through retention_purge() alone. The application role holds no delete on these tables, so the
-- function is the only way it removes anything, and the function refuses to remove what is younger than the
-- store's floor below: a stolen application credential cannot wipe recent payments by "purging" them. The floors
-- are the owner's to change; audit_event has none, so the hub never deletes an audit event.
create table retention_floor (
    store     varchar(40) primary key,          -- the table the purge removes from
    dated_by  varchar(40) not null,             -- the column that dates its rows
    minimum   interval    not null              -- nothing younger than this is removed, whatever the hub is told
);

insert into retention_floor (store, dated_by, minimum) values
    ('payment', 'received_at', '30 days'),
    ('residency_decision', 'decided_at', '30 days'),
    ('payment_status_pending', 'received_at', '1 day'),
    ('dead_letter_event', 'at', '7 days'),
    ('archive_entry', 'archived_at', '30 days');

-- the purge reads these in time order
create index payment_status_pending_received_at_idx on payment_status_pending (received_at);
create index archive_entry_archived_at_idx on archive_entry (archived_at);

-- Removes at most max_rows rows of store older than older_than; the number removed. Payments go by whole UTC hours,
-- and once an hour's payments are all gone its analytics rollup goes too, so the rollup never counts a purged one.
create function retention_purge(store text, older_than timestamptz, max_rows integer) returns integer
    language plpgsql security definer as
$$
declare
    kept retention_floor%rowtype;
    removed integer;
begin
    select * into kept from retention_floor f where f.store = retention_purge.store;
    if not found then
        raise exception 'retention_purge: % is not a store the hub purges', store using errcode = 'insufficient_privilege';
    end if;
    if older_than > now() - kept.minimum then
        raise exception 'retention_purge: % keeps at least % (retention_floor)', store, kept.minimum
            using errcode = 'insufficient_privilege';
    end if;
    if max_rows is null or max_rows < 1 or max_rows > 50000 then
        raise exception 'retention_purge: max_rows must be 1..50000' using errcode = 'invalid_parameter_value';
    end if;
    if store = 'payment' then
        older_than := date_trunc('hour', older_than, 'UTC');
    end if;
    -- table and column from retention_floor, which only the owner writes
    execute format('delete from %1$I where ctid in (select ctid from %1$I where %2$I < $1 limit $2)', kept.store, kept.dated_by)
        using older_than, max_rows;
    get diagnostics removed = row_count;
    if store = 'payment' and removed < max_rows then
        delete from payment_rollup where hour < older_than;
        delete from payment_rollup_delta where hour < older_than;
    end if;
    return removed;
end
$$;

-- a definer function must not find its tables through the caller's search path (a temporary retention_floor would do)
do $$
begin
    execute format('alter function retention_purge(text, timestamptz, integer) set search_path = %I, pg_temp', current_schema());
end
$$;

revoke execute on function retention_purge(text, timestamptz, integer) from public;

do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        execute format('grant execute on function retention_purge(text, timestamptz, integer) to %I', '${app_role}');
        execute format('grant select on retention_floor to %I', '${app_role}');
    end if;
end
$$;
