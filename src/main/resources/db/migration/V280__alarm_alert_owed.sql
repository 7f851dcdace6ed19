-- A sensor alarm's alert, owed (ADR 0051). Written in the transaction that raised or cleared the alarm (so a rolled-back
-- alarm owes nothing, and an instance that dies right after the alarm's commit still owes its alert); taken, in id order,
-- by the alert centre's one worker (one at a time cluster-wide: an advisory lock), which makes the alerts of every row
-- it took and deletes those rows in one transaction. A raise carries the alarm's facts as monitoring published them;
-- a clear only the alarm. The application role uses table and sequence through V120's default privileges.
create table alarm_alert_owed (
    id            bigserial    primary key,
    alarm_id      bigint       not null,
    cleared       boolean      not null,
    enterprise_id bigint       not null,
    risk_point_id bigint,
    level         varchar(20),
    title         text,
    link          text,
    raised_at     timestamptz,
    owed_since    timestamptz  not null default now()
);

-- Until now the reaction was owed as Spring Modulith publications of AlertEngine's listeners, which no longer exist:
-- the ones still incomplete become owed rows, in the order they were published, and are completed.
insert into alarm_alert_owed (alarm_id, cleared, enterprise_id, risk_point_id, level, title, link, raised_at, owed_since)
select (e ->> 'alarmId')::bigint, p.listener_id like '%AlarmCleared%', (e ->> 'enterpriseId')::bigint,
       (e ->> 'riskPointId')::bigint, e ->> 'level', e ->> 'title', e ->> 'link',
       case jsonb_typeof(e -> 'raisedAt') when 'number' then to_timestamp((e ->> 'raisedAt')::numeric)
                                          when 'string' then (e ->> 'raisedAt')::timestamptz end,
       p.publication_date
  from event_publication p cross join lateral (select p.serialized_event::jsonb as e) j
 where p.completion_date is null
   and p.listener_id like 'cn.shuangkong.alerting.AlertEngine.on(%'
   and (p.event_type = 'cn.shuangkong.shared.AlarmRaised' or p.event_type = 'cn.shuangkong.monitoring.AlarmCleared')
 order by p.publication_date;

update event_publication set completion_date = now(), status = 'COMPLETED'
 where completion_date is null
   and listener_id like 'cn.shuangkong.alerting.AlertEngine.on(%'
   and (event_type = 'cn.shuangkong.shared.AlarmRaised' or event_type = 'cn.shuangkong.monitoring.AlarmCleared');

-- Raising an alert first asks whether a person closed the same one before (Alerts.raise); without this index that
-- question read every closed alert of the platform, once per alert raised.
create index alert_closed_by_person_idx on alert (rule_code, subject_key) where status = 'CLOSED' and not auto_resolved;
