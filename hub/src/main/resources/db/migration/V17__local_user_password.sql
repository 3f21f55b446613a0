-- Local users' own password changes (docs/security.md, "Local profile: the hub's own users"): a user's newest row is
-- the password they sign in with; older rows are the history a new password must differ from (PCI DSS 8.3.7).
-- bcrypt hashes only; a user without a row signs in with the hash configured in hub.security.users.
create table local_user_password (
    username       varchar(200) not null,
    changed_at     timestamptz  not null default clock_timestamp(),
    password_hash  varchar(100) not null check (password_hash like '{bcrypt}%'),
    primary key (username, changed_at)
);

do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        -- a change adds a row; the history is never rewritten
        execute format('grant select, insert on local_user_password to %I', '${app_role}');
    end if;
end
$$;
