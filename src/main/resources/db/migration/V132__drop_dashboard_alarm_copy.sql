-- The duty-room screen reads alarms, in their current state, from monitoring's own table; the copy kept from
-- AlarmRaised events never learnt that an alarm was acknowledged or cleared.
drop table dashboard_alarm;
