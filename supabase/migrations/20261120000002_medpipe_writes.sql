-- The pipeline's writes: the run log (claims, successes, failures) and one function per Sink write, each called
-- as an RPC by the service role with one `payload` whose keys are the camelCase fields of the Sink method's
-- arguments. Each call is one transaction and idempotent: the same payload twice leaves the same rows. Events
-- arrive duplicated and out of order, so writes about a meeting create its row when missing and merge into it
-- commutatively; a meeting the retention sweeper deleted is refused (SQLSTATE MPS01), never created again.
--
-- A run is claimed by one execution (`run`: the idempotency key, event, workflow, meeting, replay, execution and
-- staleAfterSeconds) and only that execution records its success (`finishesRun`: the key and the execution).

-- Refuses a write for a meeting the retention sweeper deleted.
create function private.refuse_swept(meeting uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if exists (select 1 from public.swept_meetings s where s.meeting_id = meeting) then
    raise exception 'meeting % was swept at the end of its retention', meeting using errcode = 'MPS01';
  end if;
end
$$;

-- Creates the meeting when missing and locks its row until the transaction ends. The swept check comes after
-- the insert, which waits for a sweep holding the row: a statement of its own, it sees that sweep's tombstone.
create function private.ensure_meeting(meeting uuid, external_meeting text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into public.meetings as m (id, external_meeting_id)
  values (meeting, external_meeting)
  on conflict (id) do update
    set external_meeting_id = excluded.external_meeting_id, updated_at = now()
    where m.external_meeting_id is null and excluded.external_meeting_id is not null;
  perform private.refuse_swept(meeting);
end
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

-- Claims the run for run.execution: true when that execution now holds it. A run nobody holds (new, or ended
-- failed, timed out or aborted) is claimed as a new attempt; the holder's own retried step keeps its claim;
-- a run left running longer than staleAfterSeconds (its workflow's timeout and a margin: its execution has
-- ended without closing it) is taken over as a new attempt. A succeeded run, or one another execution holds
-- and may still be running, is a duplicate.
create function private.claim_run(run jsonb)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (run ->> 'meetingId')::uuid;
  stale_after interval := make_interval(secs => (run ->> 'staleAfterSeconds')::double precision);
  claimed boolean;
begin
  if stale_after is null or stale_after <= interval '0' then
    raise exception 'a run claim needs a positive staleAfterSeconds' using errcode = '22023';
  end if;
  if meeting is not null then
    perform private.refuse_swept(meeting);
  end if;
  insert into public.pipeline_runs as r (
    idempotency_key, event_id, workflow, meeting_id, replay_name, execution, status
  )
  values (
    run ->> 'idempotencyKey',
    run ->> 'eventId',
    run ->> 'workflow',
    meeting,
    run ->> 'replayName',
    run ->> 'execution',
    'running'
  )
  on conflict (idempotency_key) do update set
    status = 'running',
    attempts = r.attempts + case when r.status = 'running' and r.execution = excluded.execution then 0 else 1 end,
    execution = excluded.execution,
    replay_name = excluded.replay_name,
    step = null,
    error = null,
    cause = null,
    note = null,
    updated_at = now()
  where r.status in ('failed', 'timed-out', 'aborted')
    or (r.status = 'running' and (r.execution = excluded.execution or r.updated_at <= now() - stale_after))
  returning true into claimed;
  return coalesce(claimed, false);
end
$$;

-- Records the success of the run `run` names, if `run.execution` holds it: true when it did. A run another
-- execution holds, one already succeeded, or one never claimed, is left as it is.
create function private.finish_run(run jsonb)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  update public.pipeline_runs
    set status = 'succeeded', step = null, error = null, cause = null, note = run ->> 'note', updated_at = now()
    where idempotency_key = run ->> 'idempotencyKey'
      and execution = run ->> 'execution'
      and status <> 'succeeded';
  return found;
end
$$;

-- Payload: the claim. Returns 'claimed' or 'duplicate'.
create function public.claim_run(payload jsonb)
returns text
language sql
set search_path = ''
as $$
  select case when private.claim_run(payload) then 'claimed' else 'duplicate' end
$$;

-- Payload: `idempotencyKey`, `execution` and `status` (succeeded). Returns whether that execution's run finished.
create function public.finish_run(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  if payload ->> 'status' is distinct from 'succeeded' then
    raise exception 'finish_run records successes only' using errcode = '22023';
  end if;
  return jsonb_build_object('finished', private.finish_run(payload));
end
$$;

-- Payload: `run` (the claim of the execution that ended) and `failure` (`status`: failed, timed-out or aborted;
-- `step`, `error`, `cause`). Records the failure where that execution holds the run, or where no run exists (an
-- event too broken to be claimed is still listed); a succeeded run, or one another execution holds, is left as
-- it is. Returns 'updated', 'inserted' or 'unchanged'. Never creates the meeting: a write refused because the
-- meeting was swept is recorded too.
create function public.record_run_failure(payload jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
  run jsonb := payload -> 'run';
  failure jsonb := payload -> 'failure';
begin
  if failure ->> 'status' is null or failure ->> 'status' not in ('failed', 'timed-out', 'aborted') then
    raise exception 'a run failure''s status is failed, timed-out or aborted' using errcode = '22023';
  end if;
  update public.pipeline_runs
    set
      status = failure ->> 'status',
      step = failure ->> 'step',
      error = failure ->> 'error',
      cause = failure ->> 'cause',
      updated_at = now()
    where idempotency_key = run ->> 'idempotencyKey'
      and execution = run ->> 'execution'
      and status <> 'succeeded';
  if found then
    return 'updated';
  end if;
  insert into public.pipeline_runs (
    idempotency_key, event_id, workflow, meeting_id, replay_name, execution, status, step, error, cause
  )
  values (
    run ->> 'idempotencyKey',
    run ->> 'eventId',
    run ->> 'workflow',
    (run ->> 'meetingId')::uuid,
    run ->> 'replayName',
    run ->> 'execution',
    failure ->> 'status',
    failure ->> 'step',
    failure ->> 'error',
    failure ->> 'cause'
  )
  on conflict (idempotency_key) do nothing;
  return case when found then 'inserted' else 'unchanged' end;
end
$$;

-- Payload: the start's fields and `run`. Returns the decision and, when claimed, the meeting.
create function public.record_meeting_start(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
  started timestamptz := (payload ->> 'startedAt')::timestamptz;
begin
  if not private.claim_run(payload -> 'run') then
    return '{"decision": "duplicate"}';
  end if;
  perform private.ensure_meeting(meeting, payload ->> 'externalMeetingId');
  update public.meetings
    set started_at = started, updated_at = now()
    where id = meeting and (started_at is null or started < started_at);
  return jsonb_build_object('decision', 'claimed', 'meeting', private.meeting_state(meeting));
end
$$;

-- Payload: the end's fields and `run`. Returns the decision and, when claimed, the meeting.
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
  if not private.claim_run(payload -> 'run') then
    return '{"decision": "duplicate"}';
  end if;
  perform private.ensure_meeting(meeting, payload ->> 'externalMeetingId');
  select * into existing from public.meetings where id = meeting;
  -- A meeting that really ended beats the pipeline's timeout, and of two ends of one kind the earlier wins,
  -- so every delivery order leaves the same end.
  if existing.ended_at is null
    or (reason = 'ended' and existing.end_reason = 'timed-out')
    or (reason = existing.end_reason and ended < existing.ended_at)
  then
    update public.meetings set ended_at = ended, end_reason = reason, updated_at = now() where id = meeting;
  end if;
  return jsonb_build_object('decision', 'claimed', 'meeting', private.meeting_state(meeting));
end
$$;

-- Payload: the pipeline's fields and, when this write ends its run, `finishesRun`. Returns the meeting and
-- whether the run finished.
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
  return jsonb_build_object(
    'meeting', private.meeting_state(meeting),
    'finishedRun', payload ? 'finishesRun' and private.finish_run(payload -> 'finishesRun')
  );
end
$$;

-- Payload: `mediaPipelineId`, `status`, `at`, `meetingId` (the event's, when it names one) and `run`. Returns the
-- decision and the pipeline's meeting and kind. A pipeline not recorded yet whose meeting is recorded is
-- refused before the claim (SQLSTATE MPR01), for the step to retry once the pipeline is; one whose meeting is
-- unknown too (another application's) is claimed and succeeds, recording nothing, with a null pipeline.
create function public.record_media_pipeline_status(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  pipeline_id text := payload ->> 'mediaPipelineId';
  event_meeting uuid := (payload ->> 'meetingId')::uuid;
  changed_at timestamptz := (payload ->> 'at')::timestamptz;
  pipeline public.media_pipelines;
  claimed boolean;
begin
  select * into pipeline from public.media_pipelines where id = pipeline_id;
  if pipeline.id is null then
    if event_meeting is not null then
      perform private.refuse_swept(event_meeting);
      if exists (select 1 from public.meetings where id = event_meeting) then
        raise exception 'media pipeline % of meeting % is not recorded yet', pipeline_id, event_meeting
          using errcode = 'MPR01';
      end if;
    end if;
    claimed := private.claim_run(payload -> 'run');
    if claimed then
      perform private.finish_run(payload -> 'run');
    end if;
    return jsonb_build_object('decision', case when claimed then 'claimed' else 'duplicate' end, 'pipeline', null);
  end if;

  claimed := private.claim_run(payload -> 'run');
  if claimed then
    perform private.ensure_meeting(pipeline.meeting_id, null);
    update public.media_pipelines
      set status = payload ->> 'status', status_at = changed_at
      where id = pipeline_id and (status_at is null or status_at < changed_at);
    -- A permanent failure fails its execution, whose failure then finishes the run: the run log says failed.
    if payload ->> 'status' <> 'PermanentFailure' then
      perform private.finish_run(payload -> 'run');
    end if;
  end if;
  return jsonb_build_object(
    'decision', case when claimed then 'claimed' else 'duplicate' end,
    'pipeline', jsonb_build_object('meetingId', pipeline.meeting_id, 'kind', pipeline.kind)
  );
end
$$;

-- Payload: the attendance fields and `run`. Claims the run, writes the row and records the run's success.
-- Returns 'claimed' or 'duplicate'.
create function public.record_attendance(payload jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
begin
  if not private.claim_run(payload -> 'run') then
    return 'duplicate';
  end if;
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
  perform private.finish_run(payload -> 'run');
  return 'claimed';
end
$$;

-- Payload: the recording's fields (`retainUntil`: the date S3 enforces on it) and `run`. Returns 'claimed' or
-- 'duplicate'.
create function public.record_recording(payload jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
begin
  if not private.claim_run(payload -> 'run') then
    return 'duplicate';
  end if;
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
  return 'claimed';
end
$$;

-- Payload: the ingest (`transcript` and `entitiesObject` with the retain-until dates S3 enforces on them, the
-- entities `document`, `completedAt`, `idempotencyKey`) and `finishesRun`. Returns the transcript's id and counts
-- and whether the run finished.
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
  -- Also serialises ingests of one meeting: before the first, there is no transcript row to lock.
  perform private.ensure_meeting(meeting, null);
  select * into existing from public.transcripts where meeting_id = meeting;
  if found and (existing.idempotency_key = payload ->> 'idempotencyKey' or existing.completed_at >= completed) then
    return private.transcript_summary(existing.id)
      || jsonb_build_object('finishedRun', private.finish_run(payload -> 'finishesRun'));
  end if;

  insert into public.transcripts as t (
    meeting_id, job_name, bucket, key, version_id, retain_until, entities_bucket, entities_key,
    entities_version_id, entities_retain_until, comprehend, text, completed_at, idempotency_key
  )
  values (
    meeting,
    document ->> 'jobName',
    payload -> 'transcript' ->> 'bucket',
    payload -> 'transcript' ->> 'key',
    payload -> 'transcript' ->> 'versionId',
    (payload -> 'transcript' ->> 'retainUntil')::timestamptz,
    payload -> 'entitiesObject' ->> 'bucket',
    payload -> 'entitiesObject' ->> 'key',
    payload -> 'entitiesObject' ->> 'versionId',
    (payload -> 'entitiesObject' ->> 'retainUntil')::timestamptz,
    document -> 'comprehend',
    document ->> 'text',
    completed,
    payload ->> 'idempotencyKey'
  )
  on conflict (meeting_id) do update set
    job_name = excluded.job_name,
    bucket = excluded.bucket,
    key = excluded.key,
    version_id = excluded.version_id,
    retain_until = excluded.retain_until,
    entities_bucket = excluded.entities_bucket,
    entities_key = excluded.entities_key,
    entities_version_id = excluded.entities_version_id,
    entities_retain_until = excluded.entities_retain_until,
    comprehend = excluded.comprehend,
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
    start_time, end_time, traits, attributes, icd10cm, rxnorm, snomedct, model_version
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
    coalesce(entity.value -> 'concepts' -> 'snomedct', '[]'),
    entity.value ->> 'modelVersion'
  from jsonb_array_elements(document -> 'entities') with ordinality as entity;

  return private.transcript_summary(transcript)
    || jsonb_build_object('finishedRun', private.finish_run(payload -> 'finishesRun'));
end
$$;

revoke all on function
  private.refuse_swept(uuid), private.ensure_meeting(uuid, text), private.meeting_state(uuid),
  private.transcript_summary(uuid), private.claim_run(jsonb), private.finish_run(jsonb)
from public;
grant execute on function
  private.refuse_swept(uuid), private.ensure_meeting(uuid, text), private.meeting_state(uuid),
  private.transcript_summary(uuid), private.claim_run(jsonb), private.finish_run(jsonb)
to service_role;

revoke all on function
  public.claim_run(jsonb), public.finish_run(jsonb), public.record_run_failure(jsonb),
  public.record_meeting_start(jsonb), public.record_meeting_end(jsonb), public.record_media_pipeline(jsonb),
  public.record_media_pipeline_status(jsonb), public.record_attendance(jsonb), public.record_recording(jsonb),
  public.ingest_transcript(jsonb)
from public, anon, authenticated;
grant execute on function
  public.claim_run(jsonb), public.finish_run(jsonb), public.record_run_failure(jsonb),
  public.record_meeting_start(jsonb), public.record_meeting_end(jsonb), public.record_media_pipeline(jsonb),
  public.record_media_pipeline_status(jsonb), public.record_attendance(jsonb), public.record_recording(jsonb),
  public.ingest_transcript(jsonb)
to service_role;
