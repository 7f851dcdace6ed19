-- A stored file belongs to an enterprise (or to the platform when null), so reads can be scoped like everything else.
alter table stored_file add column enterprise_id bigint references enterprise(id);
alter table stored_file add column purpose varchar(20) not null default 'ATTACHMENT';
alter table stored_file alter column content drop not null;
create index stored_file_enterprise_idx on stored_file(enterprise_id);
