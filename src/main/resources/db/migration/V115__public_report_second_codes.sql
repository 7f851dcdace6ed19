-- A second citizen who reports what is already reported gets a tracking code of their own, leading to the same report:
-- the first reporter's code is never handed to anyone else. Counted in the per-client rate limit like a new report.
create table public_report_code (
    code        varchar(12)  primary key,
    report_id   bigint       not null references public_report(id) on delete cascade,
    client_key  char(64)     not null,              -- SHA-256 of the client address, as public_report.client_key
    created_at  timestamptz  not null
);
create index public_report_code_report_idx on public_report_code(report_id);
create index public_report_code_client_idx on public_report_code(client_key, created_at);
