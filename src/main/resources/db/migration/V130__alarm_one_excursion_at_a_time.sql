-- One alarm is one excursion. A point may have an alarm that came back but is not cleared yet (waiting for someone to
-- 消除 it) and, beside it, a new excursion's alarm; what stays unique is the excursion going on now.
drop index alarm_one_open_per_point;
create unique index alarm_one_ongoing_per_point on alarm(point_id, (level = 'OFFLINE')) where state <> 'CLEARED' and returned_at is null;
