-- Name search is "contains" (like '%华泰%'), which a b-tree cannot serve; trigram indexes can, on a province's worth of rows.
create extension if not exists pg_trgm;
drop index if exists enterprise_name_idx;
create index enterprise_name_trgm_idx on enterprise using gin (name gin_trgm_ops);
