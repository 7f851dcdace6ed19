-- 包保责任: a major hazard source has a 主要负责人, a 技术负责人 and an 操作负责人 answering for it.
alter table risk_point
    add column guarantor_principal_id bigint references employee(id),
    add column guarantor_technical_id bigint references employee(id),
    add column guarantor_operator_id  bigint references employee(id);
