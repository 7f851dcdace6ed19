-- old taskCounts
explain (analyze, costs off, timing off, summary on) select e.id as enterprise_id, e.name as enterprise_name, count(*) as due,
       count(*) filter (where t.status = 'DONE') as done,
       (select max(h.found_at) from hazard h where h.enterprise_id = e.id) as last_hazard
  from inspection_task t join enterprise e on e.id = t.enterprise_id
 where t.due_at >= now() - interval '30 days' and t.due_at < now() and t.status <> 'SUSPENDED'
 group by e.id, e.name order by e.id;
-- new taskCounts
explain (analyze, costs off, timing off, summary on) with e as not materialized (select e.id, e.name, e.region_code, e.industry_code, e.longitude, e.latitude, e.status, e.headcount,
       e.major_hazard, e.hazardous_chemicals, e.dust_explosion, e.confined_space, e.ammonia_refrigeration, e.crowded_place from enterprise e where true)
select e.id as enterprise_id, e.name as enterprise_name, t.due, t.done, h.last_found_at as last_hazard
  from (select t.enterprise_id, count(*) as due, count(*) filter (where t.status = 'DONE') as done
          from inspection_task t join e on e.id = t.enterprise_id
         where t.due_at >= now() - interval '30 days' and t.due_at < now() and t.status <> 'SUSPENDED' group by t.enterprise_id) t
  join e on e.id = t.enterprise_id
  left join (select f.enterprise_id, f.open, f.closed, f.major_open, f.major_overdue, f.overdue, f.awaiting, f.last_found_at
               from hazard_facts f join e on e.id = f.enterprise_id) h on h.enterprise_id = e.id
 order by e.id;
-- old red risks
explain (analyze, costs off, timing off, summary on) select p.id, p.enterprise_id, e.name as enterprise_name, p.code, p.name,
       (select count(*) from control_measure m where m.risk_point_id = p.id) as measures, p.reassessment_reason, p.reassessment_flagged_at
  from risk_point p join enterprise e on e.id = p.enterprise_id
 where p.level = 1 and (not exists (select 1 from control_measure m where m.risk_point_id = p.id) or p.reassessment_reason like '管控措施失效%') order by p.id;
-- new red risks
explain (analyze, costs off, timing off, summary on) select p.id, p.enterprise_id, e.name as enterprise_name, p.code, p.name, p.measures, p.reassessment_reason, p.reassessment_flagged_at
  from (select p.id, p.enterprise_id, p.code, p.name, p.level, (select count(*) from control_measure m where m.risk_point_id = p.id) as measures,
               p.reassessment_reason, p.reassessment_flagged_at, p.guarantor_principal_id, p.guarantor_technical_id, p.guarantor_operator_id from risk_point p) p
  join (select e.id, e.name from enterprise e where true) e on e.id = p.enterprise_id
 where p.level = 1 and (p.measures = 0 or p.reassessment_reason like '管控措施失效%') order by p.id;
-- new hazard by id
explain (costs off) select h.state, h.deadline from (select h.id, h.enterprise_id, h.state, h.deadline, h.state not in ('REJECTED','PENDING_CONFIRMATION') as confirmed from hazard h) h where h.id = 5;
