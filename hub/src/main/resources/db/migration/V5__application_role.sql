-- The application may run as its own role, apart from the owner that runs these migrations (docs/security.md):
-- ${app_role} names it; empty means the hub runs as the owner (development), and nothing is granted.
do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        -- PostgreSQL 15+: the database owner owns schema public and grants its use; before 15 everyone has it
        if exists (select 1 from pg_namespace where nspname = current_schema() and pg_has_role(current_user, nspowner, 'MEMBER')) then
            execute format('grant usage on schema %I to %I', current_schema(), '${app_role}');
        end if;
        -- store and query payments; pacs.002 status updates; never delete
        execute format('grant select, insert, update on payment to %I', '${app_role}');
    end if;
end
$$;
