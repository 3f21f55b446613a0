-- Keyed audit chain (docs/security.md, "Hash chain"): hash = HMAC-SHA-256 under the audit key over prev_hash and the
-- row's canonical form, which includes key_id. The kms provider holds audit keys too, data keys wrapped like the others.
alter table hub_data_key drop constraint hub_data_key_purpose_check;
alter table hub_data_key add constraint hub_data_key_purpose_check check (purpose in ('pan', 'payload', 'forward', 'audit'));

-- The audit key version a row was hashed under; null for rows written before, under plain SHA-256, which verify only
-- while they precede the first keyed row.
alter table audit_event add column key_id varchar(64);
