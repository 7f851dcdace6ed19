-- 职业健康's reminders (ADR 0081): 缺上岗前检查, 逾期 and 须调离 reach the enterprise's managers and its regulators as
-- alerts, like every other rule's findings, and close themselves (自动解除) when occupational's to-dos no longer hold
-- them. Nothing is stored on occupational's side: the rules read its derived to-dos.
insert into alert_rule (code, name, category, severity, description) values
 ('OCCUPATIONAL_PRE_PLACEMENT', '缺上岗前职业健康检查', 'DAILY', 'MEDIUM',
  '接触职业病危害因素的岗位上的人员，其上岗前职业健康检查未涵盖岗位的全部危害因素（新上岗或转岗到接触新危害因素的岗位）'),
 ('OCCUPATIONAL_EXAM_OVERDUE', '在岗期间职业健康检查逾期', 'DAILY', 'LOW',
  '接触职业病危害因素的人员，距上次上岗前或在岗期间职业健康检查已超过企业设定的检查周期'),
 ('OCCUPATIONAL_MUST_MOVE', '职业禁忌证人员未调离', 'DAILY', 'HIGH',
  '最近一次职业健康检查发现职业禁忌证的人员，仍在接触相应危害因素的岗位上');
