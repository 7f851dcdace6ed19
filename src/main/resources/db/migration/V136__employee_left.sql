-- An employee who has left stays on record (measures, checks and audit records name them) with the day they left;
-- 数据质量 finds responsibilities still held by someone who has left.
alter table employee add column left_on date;
