-- The pipeline's writes, one function per Sink method, each called as an RPC by the service role. Each call
-- is one transaction and idempotent: the same payload twice leaves the same rows. Events arrive duplicated and
-- out of order, so writes about a meeting create its row when missing and merge into it commutatively.
-- Payload keys are the camelCase fields of the Sink method's argument.

create function private.ensure_meeting(meeting uuid, external_meeting text)
returns void
language sql
set search_path = ''
as $$
  insert into public.meetings as m (id, external_meeting_id)
  values (meeting, external_meeting)
  on conflict (id) do update
    set external_meeting_id = excluded.external_meeting_id, updated_at = now()
    where m.external_meeting_id is null and excluded.external_meeting_id is not null
$$;

create function private.meeting_state(meeting uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'meetingId', m.id,
    'externalMeetingId', m.external_meeting_id,
    'startedAt', m.started_at,
    'endedAt', m.ended_at,
    'capturePipelineId', m.capture_pipeline_id,
    'concatenationPipelineId', m.concatenation_pipeline_id,
    'legalHold', m.legal_hold
  )
  from public.meetings m
  where m.id = meeting
$$;

create function private.transcript_summary(transcript uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'transcriptId', transcript,
    'turns', (select count(*) from public.transcript_turns t where t.transcript_id = transcript),
    'entities', (select count(*) from public.medical_entities e where e.transcript_id = transcript)
  )
$$;

create function public.record_meeting_start(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
  started timestamptz := (payload ->> 'startedAt')::timestamptz;
begin
  perform private.ensure_meeting(meeting, payload ->> 'externalMeetingId');
  update public.meetings
    set started_at = started, updated_at = now()
    where id = meeting and (started_at is null or started < started_at);
  return private.meeting_state(meeting);
end
$$;

create function public.record_meeting_end(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
  ended timestamptz := (payload ->> 'endedAt')::timestamptz;
  reason text := payload ->> 'reason';
  existing public.meetings;
begin
  perform private.ensure_meeting(meeting, payload ->> 'externalMeetingId');
  select * into existing from public.meetings where id = meeting for no key update;
  -- A meeting that really ended beats the pipeline's timeout, and of two ends of one kind the earlier wins,
  -- so every delivery order leaves the same end.
  if existing.ended_at is null
    or (reason = 'ended' and existing.end_reason = 'timed-out')
    or (reason = existing.end_reason and ended < existing.ended_at)
  then
    update public.meetings set ended_at = ended, end_reason = reason, updated_at = now() where id = meeting;
  end if;
  return private.meeting_state(meeting);
end
$$;

create function public.record_media_pipeline(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
  pipeline text := payload ->> 'mediaPipelineId';
  pipeline_kind text := payload ->> 'kind';
begin
  perform private.ensure_meeting(meeting, null);
  insert into public.media_pipelines (id, meeting_id, kind)
    values (pipeline, meeting, pipeline_kind)
    on conflict (id) do nothing;
  if pipeline_kind = 'capture' then
    update public.meetings set capture_pipeline_id = pipeline, updated_at = now()
      where id = meeting and capture_pipeline_id is null;
  else
    update public.meetings set concatenation_pipeline_id = pipeline, updated_at = now()
      where id = meeting and concatenation_pipeline_id is null;
  end if;
  return private.meeting_state(meeting);
end
$$;

create function public.record_media_pipeline_status(payload jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  pipeline text := payload ->> 'mediaPipelineId';
  changed_at timestamptz := (payload ->> 'at')::timestamptz;
begin
  if not exists (select 1 from public.media_pipelines where id = pipeline) then
    -- Without the pipeline row there is no meeting to attach the status to; failing lets the step retry
    -- after the pipeline has been recorded.
    raise exception 'media pipeline % is not recorded', pipeline using errcode = 'P0002';
  end if;
  update public.media_pipelines
    set status = payload ->> 'status', status_at = changed_at
    where id = pipeline and (status_at is null or status_at < changed_at);
end
$$;

create function public.record_attendance(payload jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
begin
  perform private.ensure_meeting(meeting, null);
  insert into public.attendance (meeting_id, attendee_id, external_user_id, event, occurred_at)
    values (
      meeting,
      payload ->> 'attendeeId',
      payload ->> 'externalUserId',
      payload ->> 'event',
      (payload ->> 'occurredAt')::timestamptz
    )
    on conflict do nothing;
end
$$;

create function public.record_recording(payload jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
begin
  perform private.ensure_meeting(meeting, null);
  insert into public.recordings (meeting_id, bucket, key, version_id, kms_key_id, retain_until)
    values (
      meeting,
      payload ->> 'bucket',
      payload ->> 'key',
      payload ->> 'versionId',
      payload ->> 'kmsKeyId',
      (payload ->> 'retainUntil')::timestamptz
    )
    on conflict (bucket, key, version_id) do nothing;
end
$$;

create function public.ingest_transcript(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  document jsonb := payload -> 'document';
  meeting uuid := (document ->> 'meetingId')::uuid;
  completed timestamptz := (payload ->> 'completedAt')::timestamptz;
  existing public.transcripts;
  transcript uuid;
begin
  perform private.ensure_meeting(meeting, null);
  -- Serialises ingests of one meeting: before the first, there is no transcript row to lock.
  perform 1 from public.meetings where id = meeting for no key update;
  select * into existing from public.transcripts where meeting_id = meeting;
  if found and (existing.idempotency_key = payload ->> 'idempotencyKey' or existing.completed_at >= completed) then
    return private.transcript_summary(existing.id);
  end if;

  insert into public.transcripts as t (
    meeting_id, job_name, bucket, key, version_id, entities_bucket, entities_key, entities_version_id,
    retain_until, text, completed_at, idempotency_key
  )
  values (
    meeting,
    document ->> 'jobName',
    payload -> 'transcript' ->> 'bucket',
    payload -> 'transcript' ->> 'key',
    payload -> 'transcript' ->> 'versionId',
    payload -> 'entitiesObject' ->> 'bucket',
    payload -> 'entitiesObject' ->> 'key',
    payload -> 'entitiesObject' ->> 'versionId',
    (payload -> 'transcript' ->> 'retainUntil')::timestamptz,
    document ->> 'text',
    completed,
    payload ->> 'idempotencyKey'
  )
  on conflict (meeting_id) do update set
    job_name = excluded.job_name,
    bucket = excluded.bucket,
    key = excluded.key,
    version_id = excluded.version_id,
    entities_bucket = excluded.entities_bucket,
    entities_key = excluded.entities_key,
    entities_version_id = excluded.entities_version_id,
    retain_until = excluded.retain_until,
    text = excluded.text,
    completed_at = excluded.completed_at,
    idempotency_key = excluded.idempotency_key,
    updated_at = now()
  returning t.id into transcript;

  delete from public.transcript_turns where transcript_id = transcript;
  delete from public.medical_entities where transcript_id = transcript;

  insert into public.transcript_turns (
    transcript_id, seq, speaker, start_time, end_time, begin_offset, end_offset
  )
  select
    transcript,
    turn.ordinality - 1,
    turn.value ->> 'speaker',
    (turn.value ->> 'startTime')::double precision,
    (turn.value ->> 'endTime')::double precision,
    (turn.value ->> 'beginOffset')::integer,
    (turn.value ->> 'endOffset')::integer
  from jsonb_array_elements(document -> 'turns') with ordinality as turn;

  insert into public.medical_entities (
    transcript_id, meeting_id, seq, category, type, text, begin_offset, end_offset, score, speaker,
    start_time, end_time, traits, attributes, icd10cm, rxnorm, snomedct
  )
  select
    transcript,
    meeting,
    entity.ordinality - 1,
    entity.value ->> 'category',
    entity.value ->> 'type',
    entity.value ->> 'text',
    (entity.value ->> 'beginOffset')::integer,
    (entity.value ->> 'endOffset')::integer,
    (entity.value ->> 'score')::double precision,
    entity.value ->> 'speaker',
    (entity.value ->> 'startTime')::double precision,
    (entity.value ->> 'endTime')::double precision,
    coalesce(entity.value -> 'traits', '[]'),
    coalesce(entity.value -> 'attributes', '[]'),
    coalesce(entity.value -> 'concepts' -> 'icd10cm', '[]'),
    coalesce(entity.value -> 'concepts' -> 'rxnorm', '[]'),
    coalesce(entity.value -> 'concepts' -> 'snomedct', '[]')
  from jsonb_array_elements(document -> 'entities') with ordinality as entity;

  return private.transcript_summary(transcript);
end
$$;

create function public.claim_run(payload jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
  outcome text;
begin
  if meeting is not null then
    perform private.ensure_meeting(meeting, null);
  end if;
  -- A running or succeeded run makes the event a duplicate; a failed one is claimed again.
  insert into public.pipeline_runs as r (
    idempotency_key, event_id, workflow, meeting_id, replay_name, execution, status
  )
  values (
    payload ->> 'idempotencyKey',
    payload ->> 'eventId',
    payload ->> 'workflow',
    meeting,
    payload ->> 'replayName',
    payload ->> 'execution',
    'running'
  )
  on conflict (idempotency_key) do update set
    status = 'running',
    attempts = r.attempts + 1,
    execution = excluded.execution,
    replay_name = excluded.replay_name,
    step = null,
    error = null,
    cause = null,
    updated_at = now()
  where r.status = 'failed'
  returning 'claimed' into outcome;
  return coalesce(outcome, 'duplicate');
end
$$;

create function public.finish_run(payload jsonb)
returns void
language plpgsql
set search_path = ''
as $$
begin
  update public.pipeline_runs
    set
      status = payload ->> 'status',
      step = payload ->> 'step',
      error = payload ->> 'error',
      cause = payload ->> 'cause',
      updated_at = now()
    where idempotency_key = payload ->> 'idempotencyKey';
  if not found then
    raise exception 'run % was never claimed', payload ->> 'idempotencyKey' using errcode = 'P0002';
  end if;
end
$$;

revoke all on function
  private.ensure_meeting(uuid, text), private.meeting_state(uuid), private.transcript_summary(uuid)
from public;
grant execute on function
  private.ensure_meeting(uuid, text), private.meeting_state(uuid), private.transcript_summary(uuid)
to service_role;

revoke all on function
  public.record_meeting_start(jsonb), public.record_meeting_end(jsonb), public.record_media_pipeline(jsonb),
  public.record_media_pipeline_status(jsonb), public.record_attendance(jsonb), public.record_recording(jsonb),
  public.ingest_transcript(jsonb), public.claim_run(jsonb), public.finish_run(jsonb)
from public, anon, authenticated;
grant execute on function
  public.record_meeting_start(jsonb), public.record_meeting_end(jsonb), public.record_media_pipeline(jsonb),
  public.record_media_pipeline_status(jsonb), public.record_attendance(jsonb), public.record_recording(jsonb),
  public.ingest_transcript(jsonb), public.claim_run(jsonb), public.finish_run(jsonb)
to service_role;
