-- A point's alarms over time (ADR 0059): the point page's chart shades the excursions of a span (Alarms.ofPointBetween),
-- and any reader asks "which of these points have alarms". The only indexes by point were partial (open alarms), so
-- those reads scanned every alarm of the platform, once per chart — and once per poll of a screen watching points.
create index alarm_point_idx on alarm (point_id, raised_at);
