-- 排查即将截止: when the people on a task were reminded that its window is closing (once per task).
alter table inspection_task add column reminded_at timestamptz;
