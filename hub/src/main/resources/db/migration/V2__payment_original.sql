-- A reversal (ISO 8583 0400/0420) points at the payment it reverses, by that payment's message_id (from DE 90).
alter table payment add column original_message_id varchar(200);
create index payment_original_message_id_idx on payment (original_message_id) where original_message_id is not null;
