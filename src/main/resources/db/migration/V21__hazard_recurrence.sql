-- 重复隐患: a hazard of the same type at the same risk point within 90 days links to the latest earlier one and
-- counts how many came before it in that window, so that repeated recurrence cannot go unnoticed.
alter table hazard add column repeat_of bigint references hazard(id);
alter table hazard add column earlier_in_window integer not null default 0;
create index hazard_risk_point_idx on hazard(enterprise_id, risk_point_id, type, found_at) where risk_point_id is not null;
