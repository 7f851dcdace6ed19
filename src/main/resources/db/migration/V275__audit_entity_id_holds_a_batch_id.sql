-- A received batch's id may have 64 characters (the inbound API's documented limit) and the audit records of the batch
-- name it as their entity; at 40 a valid batch with a long id was refused as "too long" (found with ADR 0055, which
-- audits each enterprise a batch changed). Widening a varchar changes the catalogue only: no rewrite, the index stays,
-- the stored values and their hashes are the same.
alter table audit_record alter column entity_id type varchar(64);
