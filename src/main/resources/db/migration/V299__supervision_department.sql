-- The department that listed a 挂牌督办 (ADR 0066): only it, or a department above it, may move the 督办期限. Until now
-- the hazard kept only the account that listed it (supervised_by), and an account can later change department.
alter table hazard add column supervision_department_id bigint references department(id);

update hazard h set supervision_department_id = u.department_id
  from user_account u
 where h.supervised and u.username = h.supervised_by and u.department_id is not null;
