-- The enterprise's own site plan (厂区平面图) under its four-colour risk map.
alter table enterprise add column site_plan_file_id bigint references stored_file(id);
