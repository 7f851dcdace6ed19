-- Evidence photos by content hash, across hazards, inspection records and checklist records: a picture already used
-- as evidence of an unrelated record is flagged on both records (one row per side), so that both pages show it.
create table evidence_photo (
    id                bigint generated always as identity primary key,
    sha256            char(64)    not null,
    record_type       varchar(20) not null check (record_type in ('hazard','inspection_record','checklist_record')),
    record_id         bigint      not null,
    related_hazard_id bigint,     -- the hazard this record opened with the same picture: the same evidence, not a reuse
    enterprise_id     bigint      not null,
    uploaded_by       varchar(40) not null,
    uploaded_at       timestamptz not null
);
create index evidence_photo_sha_idx on evidence_photo(sha256);

create table evidence_reuse (
    id          bigint generated always as identity primary key,
    sha256      char(64)    not null,
    record_type varchar(20) not null,
    record_id   bigint      not null,
    other_type  varchar(20) not null,
    other_id    bigint      not null,
    detected_at timestamptz not null,
    unique (sha256, record_type, record_id, other_type, other_id)
);
create index evidence_reuse_record_idx on evidence_reuse(record_type, record_id);

-- What hazards already hold counts as evidence too.
insert into evidence_photo (sha256, record_type, record_id, enterprise_id, uploaded_by, uploaded_at)
select p.sha256, 'hazard', p.hazard_id, h.enterprise_id, p.uploaded_by, p.uploaded_at
  from hazard_photo p join hazard h on h.id = p.hazard_id;
