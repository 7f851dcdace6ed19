-- A reading is stored once (ADR 0020): several instances subscribed to one broker, a gateway that publishes again
-- after a reconnect, or a batch posted twice all deliver the same (point, time) more than once; the insert skips
-- what is already there (ON CONFLICT DO NOTHING), and only the instance that stored a reading judges it.
-- Same point and time means same partition (the partition key is ts), so a duplicate is found within its partition.
delete from reading r
 using (select tableoid, ctid, row_number() over (partition by point_id, ts order by tableoid, ctid) as n from reading) d
 where r.tableoid = d.tableoid and r.ctid = d.ctid and d.n > 1;
drop index reading_point_ts_idx;
create unique index reading_one_per_point_and_time on reading (point_id, ts);
