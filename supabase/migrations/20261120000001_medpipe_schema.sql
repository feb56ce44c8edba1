-- The pipeline's tables, each locked down by the statements right after it: row level security on, Supabase's
-- default grants to anon and authenticated taken back, the service role's writes granted, and what the app may
-- read granted column by column with its policy. anon gets nothing; a signed-in user reads only the meetings
-- they attended (the JWT's sub is the attendee's Chime external user id). The pipeline writes as service_role,
-- which bypasses row level security, through the functions of the next two migrations.
--
-- Every row of a meeting goes with it (ON DELETE CASCADE), so the retention sweeper removes a meeting with one
-- delete; the run log is the exception (see pipeline_runs).

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

create table public.meetings (
  id uuid primary key,
  external_meeting_id text,
  started_at timestamptz,
  ended_at timestamptz,
  end_reason text check (end_reason in ('ended', 'timed-out')),
  capture_pipeline_id text,
  concatenation_pipeline_id text,
  legal_hold boolean not null default false,
  legal_hold_reason text,
  legal_hold_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.meetings enable row level security;
revoke all on table public.meetings from public, anon, authenticated;
grant select, insert, update, delete on table public.meetings to service_role;
grant select (id, external_meeting_id, started_at, ended_at, end_reason, legal_hold)
  on table public.meetings to authenticated;
comment on table public.meetings is
  'A Chime SDK meeting (id = Chime MeetingId); external_meeting_id links it to the app''s appointment. Its '
  'date, from which its own rows are kept, is coalesce(started_at, ended_at, created_at).';
create index meetings_external_meeting_id_idx on public.meetings (external_meeting_id);
create index meetings_started_at_idx on public.meetings (started_at);
-- The retention sweeper's predicate.
create index meetings_retention_date_idx on public.meetings ((coalesce(started_at, ended_at, created_at)))
  where not legal_hold;

create table public.swept_meetings (
  meeting_id uuid primary key,
  swept_at timestamptz not null default now()
);
alter table public.swept_meetings enable row level security;
revoke all on table public.swept_meetings from public, anon, authenticated;
grant select, insert on table public.swept_meetings to service_role;
comment on table public.swept_meetings is
  'Meetings the retention sweeper deleted, by id only. Every write refuses them, so that a late event cannot '
  'bring a meeting back to be kept for another retention period.';

create table public.attendance (
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  attendee_id text not null,
  external_user_id text,
  event text not null check (event in ('joined', 'left', 'dropped')),
  occurred_at timestamptz not null,
  primary key (meeting_id, attendee_id, event, occurred_at)
);
alter table public.attendance enable row level security;
revoke all on table public.attendance from public, anon, authenticated;
grant select, insert, update, delete on table public.attendance to service_role;
grant select on table public.attendance to authenticated;
create index attendance_external_user_id_idx on public.attendance (external_user_id, meeting_id);

-- Security definer so that the attendance policy can consult attendance without recursing into itself. The row
-- estimate (a user attends a handful of meetings, not the planner's default thousand) lets the policies below
-- use the meeting_id indexes.
create function private.attended_meeting_ids()
returns setof uuid
language sql
stable
security definer
rows 10
set search_path = ''
as $$
  select distinct a.meeting_id
  from public.attendance a
  where a.external_user_id = (select auth.jwt() ->> 'sub')
$$;
revoke all on function private.attended_meeting_ids() from public;
grant execute on function private.attended_meeting_ids() to authenticated;

-- Each policy compares with an array computed once per query (an InitPlan), not a subquery run per row, so that
-- the planner reads an index rather than scanning the table.
create policy "attendees read their meetings" on public.meetings
  for select to authenticated
  using (id = any (array(select private.attended_meeting_ids())));

create policy "attendees read their meetings' attendance" on public.attendance
  for select to authenticated
  using (meeting_id = any (array(select private.attended_meeting_ids())));

create table public.media_pipelines (
  id text primary key,
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  kind text not null check (kind in ('capture', 'concatenation')),
  status text,
  status_at timestamptz
);
alter table public.media_pipelines enable row level security;
revoke all on table public.media_pipelines from public, anon, authenticated;
grant select, insert, update, delete on table public.media_pipelines to service_role;
create index media_pipelines_meeting_id_idx on public.media_pipelines (meeting_id);

-- Storage internals (bucket, key, version, key id): nothing the app reads.
create table public.recordings (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  bucket text not null,
  key text not null,
  version_id text,
  kms_key_id text not null,
  retain_until timestamptz not null,
  created_at timestamptz not null default now(),
  unique nulls not distinct (bucket, key, version_id)
);
alter table public.recordings enable row level security;
revoke all on table public.recordings from public, anon, authenticated;
grant select, insert, update, delete on table public.recordings to service_role;
comment on column public.recordings.retain_until is
  'The Object Lock retain-until date S3 enforces on the object: its meeting is kept at least until then.';
create index recordings_meeting_id_idx on public.recordings (meeting_id, retain_until);

create table public.transcripts (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null unique references public.meetings (id) on delete cascade,
  job_name text not null,
  bucket text not null,
  key text not null,
  version_id text,
  retain_until timestamptz not null,
  entities_bucket text not null,
  entities_key text not null,
  entities_version_id text,
  entities_retain_until timestamptz not null,
  comprehend jsonb not null,
  text text not null,
  completed_at timestamptz not null,
  idempotency_key text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- What medical_entities' composite foreign key references.
  unique (id, meeting_id)
);
alter table public.transcripts enable row level security;
revoke all on table public.transcripts from public, anon, authenticated;
grant select, insert, update, delete on table public.transcripts to service_role;
grant select (id, meeting_id, text, completed_at, job_name) on table public.transcripts to authenticated;
comment on table public.transcripts is
  'The current transcript of a meeting; a later completed_at replaces it with its turns and entities. '
  'retain_until and entities_retain_until are the retain-until dates S3 enforces on the transcript file and on '
  'the entities document; comprehend is the document''s record of its Comprehend Medical calls and models.';

create policy "attendees read their meetings' transcripts" on public.transcripts
  for select to authenticated
  using (meeting_id = any (array(select private.attended_meeting_ids())));

create table public.transcript_turns (
  transcript_id uuid not null references public.transcripts (id) on delete cascade,
  seq integer not null,
  speaker text not null,
  start_time double precision not null,
  end_time double precision not null,
  begin_offset integer not null,
  end_offset integer not null,
  primary key (transcript_id, seq)
);
alter table public.transcript_turns enable row level security;
revoke all on table public.transcript_turns from public, anon, authenticated;
grant select, insert, update, delete on table public.transcript_turns to service_role;
grant select on table public.transcript_turns to authenticated;

create policy "attendees read their meetings' transcript turns" on public.transcript_turns
  for select to authenticated
  using (
    transcript_id = any (array(
      select t.id from public.transcripts t where t.meeting_id = any (array(select private.attended_meeting_ids()))
    ))
  );

create table public.medical_entities (
  transcript_id uuid not null,
  meeting_id uuid not null,
  seq integer not null,
  category text not null,
  type text not null,
  text text not null,
  begin_offset integer not null,
  end_offset integer not null,
  score double precision not null,
  speaker text not null,
  start_time double precision not null,
  end_time double precision not null,
  traits jsonb not null default '[]',
  attributes jsonb not null default '[]',
  icd10cm jsonb not null default '[]',
  rxnorm jsonb not null default '[]',
  snomedct jsonb not null default '[]',
  model_version text,
  primary key (transcript_id, seq),
  -- An entity is of its transcript's meeting, never another's: the policies (by meeting here, by transcript on
  -- turns) and the sweep's cascade then agree.
  foreign key (transcript_id, meeting_id) references public.transcripts (id, meeting_id) on delete cascade
);
alter table public.medical_entities enable row level security;
revoke all on table public.medical_entities from public, anon, authenticated;
grant select, insert, update, delete on table public.medical_entities to service_role;
grant select on table public.medical_entities to authenticated;
comment on column public.medical_entities.model_version is
  'The ModelVersion of the Comprehend Medical response the entity came from; null when that API reported none.';
create index medical_entities_meeting_id_idx on public.medical_entities (meeting_id);

create policy "attendees read their meetings' medical entities" on public.medical_entities
  for select to authenticated
  using (meeting_id = any (array(select private.attended_meeting_ids())));

-- meeting_id references no meeting on purpose: a run refused because its meeting was swept, or the failure of an
-- event whose meeting was never recorded, is still listed. A meeting's runs go with it, the others by age.
create table public.pipeline_runs (
  idempotency_key text primary key,
  event_id text not null,
  workflow text not null,
  meeting_id uuid,
  replay_name text,
  execution text not null,
  step text,
  status text not null check (status in ('running', 'succeeded', 'failed', 'timed-out', 'aborted')),
  error text,
  cause text,
  note text,
  attempts integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.pipeline_runs enable row level security;
revoke all on table public.pipeline_runs from public, anon, authenticated;
grant select, insert, update, delete on table public.pipeline_runs to service_role;
comment on table public.pipeline_runs is
  'One row per event a workflow claimed, held by one execution at a time; the ops commands read it to find '
  'failed runs and replays. Ids, names and codes only: error is the error''s name, cause a message free of '
  'content.';
create index pipeline_runs_meeting_id_idx on public.pipeline_runs (meeting_id);
create index pipeline_runs_status_idx on public.pipeline_runs (status, updated_at);
create index pipeline_runs_updated_at_idx on public.pipeline_runs (updated_at);
