-- 增量同步 for the lists the contractor and permit modules added after V215 (ADR 0033): the same database-stamped
-- watermark and (updated_at, id) index. A contractor as listed shows its blacklisting, its 资质 (latest expiry) and
-- its head count, so writes to those child rows touch the contractor and the mirror is sent it again.

alter table contractor add column updated_at timestamptz not null default clock_timestamp();
alter table contractor_blacklist add column updated_at timestamptz not null default clock_timestamp();
alter table permit add column updated_at timestamptz not null default clock_timestamp();

create trigger contractor_touch before insert or update on contractor for each row execute function touch_updated_at();
create trigger contractor_blacklist_touch before insert or update on contractor_blacklist for each row execute function touch_updated_at();
create trigger permit_touch before insert or update on permit for each row execute function touch_updated_at();

create index contractor_updated_idx on contractor (updated_at, id);
create index contractor_blacklist_updated_idx on contractor_blacklist (updated_at, id);
create index permit_updated_idx on permit (updated_at, id);

create trigger contractor_blacklist_touch_contractor after insert or update or delete on contractor_blacklist
    for each row execute function touch_parent('contractor', 'contractor_id');
create trigger contractor_qualification_touch_contractor after insert or update or delete on contractor_qualification
    for each row execute function touch_parent('contractor', 'contractor_id');
create trigger contractor_person_touch_contractor after insert or update or delete on contractor_person
    for each row execute function touch_parent('contractor', 'contractor_id');
