-- The embedded MQTT broker's credentials, one per enterprise (ADR 0015). The user name is the enterprise's credit
-- code, so that the broker's ACL lets a gateway publish only under shuangkong/v1/{its credit code}/...; the password
-- is random (192 bits) and kept only as its SHA-256: shown once, when generated.
create table mqtt_credential (
    enterprise_id  bigint primary key references enterprise(id) on delete cascade,
    username       varchar(40)  not null unique,
    password_hash  varchar(64)  not null,
    created_at     timestamptz  not null,
    created_by     varchar(40)  not null
);
