-- The pipeline's results: one row per Chime meeting, and everything recorded about it. Every child row
-- references its meeting ON DELETE CASCADE, so the retention sweeper removes a meeting's rows with one delete.

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
comment on table public.meetings is
  'A Chime SDK meeting (id = Chime MeetingId); external_meeting_id links it to the app''s appointment.';
create index meetings_external_meeting_id_idx on public.meetings (external_meeting_id);
create index meetings_started_at_idx on public.meetings (started_at);

create table public.media_pipelines (
  id text primary key,
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  kind text not null check (kind in ('capture', 'concatenation')),
  status text,
  status_at timestamptz
);
create index media_pipelines_meeting_id_idx on public.media_pipelines (meeting_id);

create table public.attendance (
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  attendee_id text not null,
  external_user_id text,
  event text not null check (event in ('joined', 'left', 'dropped')),
  occurred_at timestamptz not null,
  primary key (meeting_id, attendee_id, event, occurred_at)
);
create index attendance_external_user_id_idx on public.attendance (external_user_id);

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
create index recordings_meeting_id_idx on public.recordings (meeting_id);

create table public.transcripts (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null unique references public.meetings (id) on delete cascade,
  job_name text not null,
  bucket text not null,
  key text not null,
  version_id text,
  entities_bucket text not null,
  entities_key text not null,
  entities_version_id text,
  retain_until timestamptz not null,
  text text not null,
  completed_at timestamptz not null,
  idempotency_key text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.transcripts is
  'The current transcript of a meeting; a later completed_at replaces it with its turns and entities.';

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

create table public.medical_entities (
  transcript_id uuid not null references public.transcripts (id) on delete cascade,
  meeting_id uuid not null references public.meetings (id) on delete cascade,
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
  primary key (transcript_id, seq)
);
create index medical_entities_meeting_id_idx on public.medical_entities (meeting_id);

create table public.pipeline_runs (
  idempotency_key text primary key,
  event_id text not null,
  workflow text not null,
  meeting_id uuid references public.meetings (id) on delete cascade,
  replay_name text,
  execution text not null,
  step text,
  status text not null check (status in ('running', 'succeeded', 'failed')),
  error text,
  cause text,
  attempts integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.pipeline_runs is
  'One row per event a workflow claimed; the ops commands read it to find failed runs and replays.';
create index pipeline_runs_meeting_id_idx on public.pipeline_runs (meeting_id);
create index pipeline_runs_status_idx on public.pipeline_runs (status, updated_at);
