-- Built-in roles. Platform admins may edit their permissions in the role editor or create new roles.
insert into role (code, name, description, builtin) values
 ('PLATFORM_ADMIN', '平台管理员', '维护主数据、角色和账号，校验审计链', true),
 ('REGULATOR', '监管人员', '应急管理及行业主管部门人员，查看和登记辖区内企业', true),
 ('ENTERPRISE_PRINCIPAL', '企业主要负责人', '对本企业安全生产全面负责', true),
 ('ENTERPRISE_SAFETY', '企业安全管理人员', '维护本企业基础信息、组织架构和员工', true),
 ('WORKER', '一线员工', '查看本岗位风险，完成排查任务，上报隐患', true),
 ('SERVICE_ORG', '第三方服务机构', '为签约企业提供风险辨识、隐患排查等服务', true),
 ('GRID_WORKER', '网格员', '巡查所在网格内的企业', true);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('organization:enterprise:read'), ('organization:enterprise:write'), ('organization:enterprise:import'),
 ('organization:structure:write'), ('organization:region:read'), ('organization:department:read'),
 ('organization:service-org:read'), ('access:role:manage'), ('access:user:manage'), ('access:token:manage'),
 ('audit:log:read'), ('audit:chain:verify')) as p(permission)
where r.code = 'PLATFORM_ADMIN';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('organization:enterprise:read'), ('organization:enterprise:write'), ('organization:enterprise:import'),
 ('organization:region:read'), ('organization:department:read'), ('organization:service-org:read'),
 ('access:token:manage'), ('audit:log:read')) as p(permission)
where r.code = 'REGULATOR';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('organization:enterprise:read'), ('organization:enterprise:write'), ('organization:structure:write'),
 ('organization:service-org:read'), ('access:token:manage'), ('audit:log:read')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('organization:enterprise:read')) as p(permission)
where r.code = 'WORKER';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('organization:enterprise:read'), ('organization:region:read'), ('access:token:manage')) as p(permission)
where r.code = 'SERVICE_ORG';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('organization:enterprise:read'), ('organization:region:read')) as p(permission)
where r.code = 'GRID_WORKER';
