-- Several instances on one database (ADR 0020): each scheduled job takes its row here (ShedLock) before it runs, so
-- that it runs on one instance at a time. The times are UTC timestamps written with the database's own clock
-- (ShedLock's usingDbTime), as ShedLock's PostgreSQL layout has them. The application role reads and writes the rows
-- through V120's default privileges.
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
