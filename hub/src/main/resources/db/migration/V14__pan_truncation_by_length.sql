-- Truncation keeps at most the first six and the last four digits and always hides six (PCI DSS 3.4.1): a PAN
-- of 12 to 15 digits was stored with six leading digits, which hid as few as two; keep fewer leading digits.
-- 378282*****0005 (15) -> 37828******0005; 422222***2222 (13) -> 422******2222. The token is unchanged.
update payment
   set pan_masked = left(pan_masked, length(pan_masked) - 10) || '******' || right(pan_masked, 4)
 where length(pan_masked) between 12 and 15
   and pan_masked ~ '^[0-9]{6}\*+[0-9]{4}$';
