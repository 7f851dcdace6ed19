-- A monitoring point can be disabled (停用, e.g. a sensor taken out for calibration or a decommissioned tank): its readings
-- are still stored, but it raises no threshold alarm and never goes offline. Null = in service.
alter table monitoring_point add column disabled_at timestamptz;
