-- Emergency reminders now go to the one in-app inbox (hazard's notice table, with its e-mail), not a table of their own.
drop table emergency_reminder;
