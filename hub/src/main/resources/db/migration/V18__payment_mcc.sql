-- The merchant category code of a card payment (ISO 8583 DE 18), an analytics dimension; null for credit transfers.
alter table payment add column mcc char(4);
