-- Teams, experts and equipment/materials can be retired (停用): the row and its audit trail stay, but a retired one is
-- no longer listed, no longer counts among the resources near a risk point and is no longer reminded of.
alter table emergency_team add column retired_at timestamptz;
alter table emergency_expert add column retired_at timestamptz;
alter table emergency_resource add column retired_at timestamptz;
