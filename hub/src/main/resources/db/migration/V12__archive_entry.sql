-- Where each archived message lies: archive objects hold a batch of messages, each sealed on its own.
create table archive_entry (
    message_id     varchar(200) primary key,
    object_key     varchar(300) not null,
    record_offset  integer      not null,
    record_length  integer      not null,
    archived_at    timestamptz  not null default now()
);

do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        execute format('grant select, insert on archive_entry to %I', '${app_role}');
    end if;
end
$$;
