-- What the application role (V5) needs on the tables of residency, ISO 20022 status reports and key management.
do $$
begin
    if '${app_role}' <> '' and '${app_role}' <> current_user then
        -- residency decisions are recorded, never changed
        execute format('grant select, insert on residency_decision to %I', '${app_role}');
        execute format('grant usage on sequence residency_decision_id_seq to %I', '${app_role}');
        -- a status kept for a payment not yet here is replaced, then removed when applied
        execute format('grant select, insert, update, delete on payment_status_pending to %I', '${app_role}');
        -- key versions (kms provider) and the retirement job's progress
        execute format('grant select, insert, update on hub_data_key to %I', '${app_role}');
        execute format('grant select, insert, update on pan_key_retirement to %I', '${app_role}');
        -- the leak scanner reads every table
        execute format('grant select on flyway_schema_history to %I', '${app_role}');
    end if;
end
$$;
