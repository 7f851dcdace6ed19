-- The control measure whose failure the hazard is (风险管控措施失效): known for findings of inspection tasks and when
-- the finder names it; it flags the risk point for re-assessment.
alter table hazard add column measure_id bigint;
