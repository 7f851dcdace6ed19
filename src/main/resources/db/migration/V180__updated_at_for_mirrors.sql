-- 增量同步 (issue 13 §4, ADR 0027): the lists other systems mirror are read in (updated_at, id) order. "Updated" is
-- any change to the row, stamped by the database at the write (clock_timestamp()), whatever the statement set: a
-- service that forgets the column, or a test clock moved back, cannot leave a change behind the mirror's watermark.
-- It is the time of the write, not of the commit; mirrors re-read a small overlap (ADR 0027).

create or replace function touch_updated_at() returns trigger language plpgsql as $$
begin
    new.updated_at := clock_timestamp();
    return new;
end $$;

-- alarm and alert had no such column: their latest own time stands for the past.
alter table alarm add column updated_at timestamptz;
update alarm set updated_at = greatest(raised_at, returned_at, acknowledged_at, cleared_at, escalated_at);
alter table alarm alter column updated_at set not null, alter column updated_at set default clock_timestamp();

alter table alert add column updated_at timestamptz;
update alert set updated_at = greatest(raised_at, last_seen_at, acknowledged_at, closed_at);
alter table alert alter column updated_at set not null, alter column updated_at set default clock_timestamp();

create trigger enterprise_touch before insert or update on enterprise for each row execute function touch_updated_at();
create trigger risk_point_touch before insert or update on risk_point for each row execute function touch_updated_at();
create trigger hazard_touch before insert or update on hazard for each row execute function touch_updated_at();
create trigger alarm_touch before insert or update on alarm for each row execute function touch_updated_at();
create trigger alert_touch before insert or update on alert for each row execute function touch_updated_at();
create trigger public_report_touch before insert or update on public_report for each row execute function touch_updated_at();

create index enterprise_updated_idx on enterprise (updated_at, id);
create index risk_point_updated_idx on risk_point (updated_at, id);
create index hazard_updated_idx on hazard (updated_at, id);
create index alarm_updated_idx on alarm (updated_at, id);
create index alert_updated_idx on alert (updated_at, id);
create index public_report_updated_idx on public_report (updated_at, id);
