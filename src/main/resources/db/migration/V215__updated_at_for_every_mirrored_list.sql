-- 增量同步 for every list of the API (issue 13 §4, ADR 0033): the tables behind the lists that V180 left out get the
-- same sync watermark — updated_at stamped by the database at every write (touch_updated_at, V180), whatever the
-- statement set — and the (updated_at, id) index a mirror's cursor walks. Rows that exist now get the migration's
-- time: a mirror starting from nothing reads them all anyway. Tables that already kept an updated_at of their own
-- (set by their service) keep it, now stamped by the trigger as well.

alter table major_hazard_source add column updated_at timestamptz not null default clock_timestamp();
alter table monitoring_point add column updated_at timestamptz not null default clock_timestamp();
alter table guarantor_check add column updated_at timestamptz not null default clock_timestamp();
alter table certificate add column updated_at timestamptz not null default clock_timestamp();
alter table training_record add column updated_at timestamptz not null default clock_timestamp();
alter table risk_filing add column updated_at timestamptz not null default clock_timestamp();
alter table risk_unit add column updated_at timestamptz not null default clock_timestamp();
alter table inspection_task add column updated_at timestamptz not null default clock_timestamp();
alter table checklist add column updated_at timestamptz not null default clock_timestamp();
alter table checklist_item add column updated_at timestamptz not null default clock_timestamp();
alter table checklist_inspection add column updated_at timestamptz not null default clock_timestamp();
alter table law_enforcer add column updated_at timestamptz not null default clock_timestamp();
alter table enforcement_inspection add column updated_at timestamptz not null default clock_timestamp();
alter table blacklist_entry add column updated_at timestamptz not null default clock_timestamp();
alter table supervision_record add column updated_at timestamptz not null default clock_timestamp();
alter table enterprise_rating add column updated_at timestamptz not null default clock_timestamp();
alter table emergency_drill add column updated_at timestamptz not null default clock_timestamp();
alter table emergency_team add column updated_at timestamptz not null default clock_timestamp();
alter table emergency_expert add column updated_at timestamptz not null default clock_timestamp();
alter table emergency_resource add column updated_at timestamptz not null default clock_timestamp();
alter table neighbour_notice add column updated_at timestamptz not null default clock_timestamp();
alter table exchange_sender add column updated_at timestamptz not null default clock_timestamp();
alter table referral add column updated_at timestamptz not null default clock_timestamp();

create trigger major_hazard_source_touch before insert or update on major_hazard_source for each row execute function touch_updated_at();
create trigger monitoring_point_touch before insert or update on monitoring_point for each row execute function touch_updated_at();
create trigger guarantor_check_touch before insert or update on guarantor_check for each row execute function touch_updated_at();
create trigger certificate_touch before insert or update on certificate for each row execute function touch_updated_at();
create trigger training_record_touch before insert or update on training_record for each row execute function touch_updated_at();
create trigger risk_filing_touch before insert or update on risk_filing for each row execute function touch_updated_at();
create trigger risk_unit_touch before insert or update on risk_unit for each row execute function touch_updated_at();
create trigger inspection_task_touch before insert or update on inspection_task for each row execute function touch_updated_at();
create trigger checklist_touch before insert or update on checklist for each row execute function touch_updated_at();
create trigger checklist_item_touch before insert or update on checklist_item for each row execute function touch_updated_at();
create trigger checklist_inspection_touch before insert or update on checklist_inspection for each row execute function touch_updated_at();
create trigger law_enforcer_touch before insert or update on law_enforcer for each row execute function touch_updated_at();
create trigger enforcement_inspection_touch before insert or update on enforcement_inspection for each row execute function touch_updated_at();
create trigger blacklist_entry_touch before insert or update on blacklist_entry for each row execute function touch_updated_at();
create trigger supervision_record_touch before insert or update on supervision_record for each row execute function touch_updated_at();
create trigger enterprise_rating_touch before insert or update on enterprise_rating for each row execute function touch_updated_at();
create trigger emergency_drill_touch before insert or update on emergency_drill for each row execute function touch_updated_at();
create trigger emergency_team_touch before insert or update on emergency_team for each row execute function touch_updated_at();
create trigger emergency_expert_touch before insert or update on emergency_expert for each row execute function touch_updated_at();
create trigger emergency_resource_touch before insert or update on emergency_resource for each row execute function touch_updated_at();
create trigger neighbour_notice_touch before insert or update on neighbour_notice for each row execute function touch_updated_at();
create trigger exchange_sender_touch before insert or update on exchange_sender for each row execute function touch_updated_at();
create trigger referral_touch before insert or update on referral for each row execute function touch_updated_at();
create trigger emergency_plan_touch before insert or update on emergency_plan for each row execute function touch_updated_at();
create trigger regional_risk_touch before insert or update on regional_risk for each row execute function touch_updated_at();
create trigger webhook_subscription_touch before insert or update on webhook_subscription for each row execute function touch_updated_at();

create index major_hazard_source_updated_idx on major_hazard_source (updated_at, id);
create index monitoring_point_updated_idx on monitoring_point (updated_at, id);
create index guarantor_check_updated_idx on guarantor_check (updated_at, id);
create index certificate_updated_idx on certificate (updated_at, id);
create index training_record_updated_idx on training_record (updated_at, id);
create index risk_filing_updated_idx on risk_filing (updated_at, id);
create index risk_unit_updated_idx on risk_unit (updated_at, id);
create index inspection_task_updated_idx on inspection_task (updated_at, id);
create index checklist_updated_idx on checklist (updated_at, id);
create index checklist_item_updated_idx on checklist_item (updated_at, id);
create index checklist_inspection_updated_idx on checklist_inspection (updated_at, id);
create index law_enforcer_updated_idx on law_enforcer (updated_at, id);
create index enforcement_inspection_updated_idx on enforcement_inspection (updated_at, id);
create index blacklist_entry_updated_idx on blacklist_entry (updated_at, id);
create index supervision_record_updated_idx on supervision_record (updated_at, id);
create index enterprise_rating_updated_idx on enterprise_rating (updated_at, enterprise_id);
create index emergency_drill_updated_idx on emergency_drill (updated_at, id);
create index emergency_team_updated_idx on emergency_team (updated_at, id);
create index emergency_expert_updated_idx on emergency_expert (updated_at, id);
create index emergency_resource_updated_idx on emergency_resource (updated_at, id);
create index neighbour_notice_updated_idx on neighbour_notice (updated_at, id);
create index exchange_sender_updated_idx on exchange_sender (updated_at, id);
create index referral_updated_idx on referral (updated_at, id);
create index emergency_plan_updated_idx on emergency_plan (updated_at, id);
create index regional_risk_updated_idx on regional_risk (updated_at, id);
create index webhook_subscription_updated_idx on webhook_subscription (updated_at, id);

-- A list item that shows rows of another table of its own module (a team with its members, a checklist with its
-- item count, an enforcer with the relations declared) changes when those change: the child's write touches the
-- parent, so the mirror is sent the parent again. tg_argv: the parent table and the child's column naming it.
create function touch_parent() returns trigger language plpgsql as $$
declare
    child record;
begin
    if tg_op = 'DELETE' then child := old; else child := new; end if;
    execute format('update %I set updated_at = clock_timestamp() where id = $1', tg_argv[0])
        using (to_jsonb(child) ->> tg_argv[1])::bigint;
    return null;
end $$;

create trigger emergency_team_member_touch_team after insert or update or delete on emergency_team_member
    for each row execute function touch_parent('emergency_team', 'team_id');
create trigger checklist_item_touch_checklist after insert or update or delete on checklist_item
    for each row execute function touch_parent('checklist', 'checklist_id');
create trigger enforcer_relation_touch_enforcer after insert or update or delete on enforcer_relation
    for each row execute function touch_parent('law_enforcer', 'enforcer_id');
