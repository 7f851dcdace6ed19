-- API tokens carry scopes and may be held to some modules (issue 13 §4, ADR 0027). A token made before this keeps
-- what it could do (read and write everywhere); an empty module list means every module.
alter table api_token
    add column scopes  text[] not null default '{READ,WRITE}',
    add column modules text[] not null default '{}';
