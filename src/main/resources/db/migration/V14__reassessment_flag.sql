-- A risk point whose control failed (an inspection found a measure not working) or whose hazards keep coming back is
-- flagged for re-assessment; an approved new assessment clears the flag.
alter table risk_point add column reassessment_reason varchar(300);
alter table risk_point add column reassessment_flagged_at timestamptz;
