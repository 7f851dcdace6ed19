-- A permit past its validity is moved to EXPIRED by the expiry sweep (ADR 0043), at the moment its validity ended:
-- expired_at is that moment (valid_until then), kept after an expired job is still 完工验收 and 关闭, so the record
-- says it ran out before it was accepted.
alter table permit drop constraint permit_status_check;
alter table permit add constraint permit_status_check
    check (status in ('APPLIED', 'APPROVED', 'IN_PROGRESS', 'SUSPENDED', 'COMPLETED', 'CLOSED', 'CANCELLED', 'EXPIRED'));
alter table permit add column expired_at timestamptz;
alter table permit add constraint permit_expired_has_moment check (status <> 'EXPIRED' or expired_at is not null);

-- What the sweep looks for each minute: the unfinished permits, by the end of their validity.
create index permit_due_idx on permit (valid_until) where status in ('APPLIED', 'APPROVED', 'IN_PROGRESS', 'SUSPENDED');
