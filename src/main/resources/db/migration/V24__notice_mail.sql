-- Notices about something other than a hazard (a task window closing, a checklist inspection) carry their own link;
-- every notice also goes out by e-mail when SMTP is configured, to the account's or else the employee's address.
alter table notice add column link varchar(200);
alter table employee add column email varchar(100);
