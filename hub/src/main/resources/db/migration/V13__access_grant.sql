-- Time-limited access grants with a business justification (docs/security.md "Access grants and PAN-search
-- budgets"): requested by the user who needs one, approved by another user, live from approval until expires_at.
create table access_grant (
    id                uuid         primary key,
    scope             varchar(32)  not null check (scope in ('pan-search', 'archive-open', 'key-destroy')),
    holder            varchar(200) not null,
    justification     varchar(500) not null,
    duration_seconds  integer      not null check (duration_seconds between 1 and 28800),
    status            varchar(16)  not null check (status in ('PENDING', 'APPROVED', 'REVOKED', 'EXPIRED')),
    requested_at      timestamptz  not null default now(),
    approved_by       varchar(200),
    approved_at       timestamptz,
    expires_at        timestamptz,
    revoked_by        varchar(200),
    revoked_at        timestamptz,
    revoke_reason     varchar(200),
    uses              integer      not null default 0,
    -- four eyes, also for a change that bypasses the hub's own check
    constraint access_grant_other_approver check (approved_by is null or approved_by <> holder),
    constraint access_grant_approved_expires check (status = 'PENDING' or approved_at is not null or status = 'REVOKED')
);

create index access_grant_live on access_grant (holder, scope, expires_at) where status = 'APPROVED';
create index access_grant_pending on access_grant (requested_at) where status = 'PENDING';

-- One row per use of a grant, so a per-user rate over the last minute holds across every hub instance.
create table access_grant_use (
    grant_id  uuid         not null references access_grant (id),
    holder    varchar(200) not null,
    scope     varchar(32)  not null,
    used_at   timestamptz  not null default now()
);

create index access_grant_use_recent on access_grant_use (holder, scope, used_at);

do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        -- grants are requested, approved, used, revoked and expired; never deleted (the audit chain names them)
        execute format('grant select, insert, update on access_grant to %I', '${app_role}');
        -- uses older than the rate window are pruned by the expiry sweep
        execute format('grant select, insert, delete on access_grant_use to %I', '${app_role}');
    end if;
end
$$;
