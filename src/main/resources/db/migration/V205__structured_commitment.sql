-- The 安全风险研判与承诺公告 as fields (issue 14 part 3, ADR 0031). Every column is nullable: a commitment signed
-- before this migration has none of them and is shown as it was signed (special_ops, the free-text judgement).
alter table daily_commitment
    add column special_work     jsonb,         -- [{"kind":"HOT_WORK","level":"特级","count":1}, {"kind":"CONFINED_SPACE","level":null,"count":0}]
    add column maintenance_jobs integer check (maintenance_jobs >= 0),   -- 检维修作业 in progress today
    add column start_stop       boolean,       -- 开停车 today
    add column trial_production boolean,       -- 试生产 today
    add column major_sources    jsonb,         -- [{"riskPointId":1,"name":"…","normal":false,"note":"…"}]
    add column risk_level       varchar(8) check (risk_level in ('MAJOR', 'HIGH', 'MODERATE', 'LOW')),
    -- Whether the permits could be read when it was signed (the permit module may be absent): a commitment signed
    -- without them was not checked at signing and is only checked when a regulator views it.
    add column permits_checked  boolean;
