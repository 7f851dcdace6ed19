-- A file of no enterprise (a citizen's report photo, a regulator's upload) belongs to a region: the GB/T 2260 code, or
-- its significant prefix, of the place it was reported in or of the uploading regulator's area. A regulator reads such
-- a file only if that region lies in their jurisdiction; a file of neither enterprise nor region is the platform's.
alter table stored_file add column owner_region varchar(12);

update stored_file f set owner_region = r.region_code
  from public_report_photo pp join public_report r on r.id = pp.report_id
 where pp.file_id = f.id and f.enterprise_id is null;

update stored_file f set owner_region = d.region_code
  from user_account a join department d on d.id = a.department_id
 where a.username = f.uploaded_by and f.enterprise_id is null and f.owner_region is null;

create index stored_file_owner_region_idx on stored_file(owner_region varchar_pattern_ops) where enterprise_id is null;
