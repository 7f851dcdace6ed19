-- Platform admins maintain the reference data: regulators, grids and their workers, service organisations and contracts.
insert into role_permission (role_id, permission)
select id, 'organization:master:write' from role where code = 'PLATFORM_ADMIN';
