-- Spring Modulith's event publications that an older installation may still hold incomplete, for listeners that no
-- longer use the registry (ADR 0075). Modulith stores a publication only for an after-commit transactional listener,
-- named by its method (`<declaring class>.<method>(<parameter classes>)`) and the event's class; it hands one back
-- only to a listener of that exact name. No such listener has existed since V280 (AlertEngine's, drained there), and
-- none at commit 61e095e, from which ADR 0074 moved classes into `internal`: those moves left nothing behind, and a
-- rename to the moved names would reach no listener either. The three listeners below were made plain listeners or
-- removed earlier without their publications being drained; the retries find no listener for them, for ever (and
-- warn every round for the two whose event class no longer loads). Each reaction is either owed where it lives now
-- or was already made by the platform's own periodic work; either way the publication is completed. Rows of any
-- other listener are left as they are. Run twice, it changes nothing more (only incomplete rows are read);
-- EventPublicationUpgradeTest runs this file.

-- supervision.RatingTriggers.recompute (its publication per change, ADR 0023): the recompute is owed as a row now, and
-- the rating worker makes it. The newest reason of an enterprise is kept, as one owed row keeps the newest; an
-- enterprise that already owes one keeps its row (the recompute it owes covers this one); a deleted enterprise owes
-- nothing.
insert into rating_owed (enterprise_id, reason, owed_since)
select distinct on (o.enterprise_id) o.enterprise_id, o.reason, o.publication_date
  from (select (p.serialized_event::jsonb ->> 'enterpriseId')::bigint as enterprise_id,
               left(coalesce(p.serialized_event::jsonb ->> 'reason', '升级前未完成的评级重算'), 100) as reason,
               p.publication_date
          from event_publication p
         where p.completion_date is null
           and p.listener_id = 'cn.shuangkong.supervision.RatingTriggers.recompute(cn.shuangkong.supervision.RatingTriggers$RatingStale)') o
 where exists (select 1 from enterprise e where e.id = o.enterprise_id)
 order by o.enterprise_id, o.publication_date desc
    on conflict (enterprise_id) do nothing;

-- Completed: the recompute above, now owed as a row;
-- alerting.AlertEngine.on(StateChanged) (a filing's or 承诺公告's alert re-check, a plain listener since ADR 0023): every
--   daily rule re-checks its open alerts, so the re-check has been made by every run since (ADR 0023: "done by the
--   rule's next run");
-- analytics.RecentAlarms.on(AlarmRaised) (the duty-room screen's copy of an alarm): the copy's table is gone (V132), the
--   screen reads monitoring's alarms.
update event_publication set completion_date = now(), status = 'COMPLETED'
 where completion_date is null
   and listener_id in ('cn.shuangkong.supervision.RatingTriggers.recompute(cn.shuangkong.supervision.RatingTriggers$RatingStale)',
                       'cn.shuangkong.alerting.AlertEngine.on(cn.shuangkong.shared.StateChanged)',
                       'cn.shuangkong.analytics.RecentAlarms.on(cn.shuangkong.shared.AlarmRaised)');
