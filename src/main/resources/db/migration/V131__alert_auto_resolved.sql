-- An alert whose condition has cleared closes itself (自动解除): closed_by 'system', the clearing fact in closing_note.
-- Unlike a regulator's closing, it does not keep the same situation from raising an alert again if it comes back.
alter table alert add column auto_resolved boolean not null default false;
