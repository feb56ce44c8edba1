-- The meeting-lifecycle and transcription workflows claim their event in their first write and record the
-- run's success in their last one, as the single-step workflows already do: no separate claim and finish
-- steps. The writes they build on move to `private` unchanged, and the public RPCs of the same names wrap them.

-- A retry of the step that claimed the run (the same execution) keeps its claim instead of finding it a
-- duplicate, and does not count as another attempt.
create or replace function private.claim_run(run jsonb)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (run ->> 'meetingId')::uuid;
  claimed boolean;
begin
  if meeting is not null then
    perform private.ensure_meeting(meeting, null);
  end if;
  -- A succeeded run, or one running in another execution, makes the event a duplicate; a failed one is claimed again.
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
    attempts = r.attempts + case when r.status = 'failed' then 1 else 0 end,
    execution = excluded.execution,
    replay_name = excluded.replay_name,
    step = null,
    error = null,
    cause = null,
    updated_at = now()
  where r.status = 'failed' or (r.status = 'running' and r.execution = excluded.execution)
  returning true into claimed;
  return coalesce(claimed, false);
end
$$;

alter function public.record_meeting_start(jsonb) set schema private;
alter function public.record_meeting_end(jsonb) set schema private;
alter function public.record_media_pipeline(jsonb) set schema private;
alter function public.record_recording(jsonb) set schema private;
alter function public.ingest_transcript(jsonb) set schema private;

-- Payload: the start's fields and `run`, the workflow's claim. Returns the decision and, when claimed, the meeting.
create function public.record_meeting_start(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  if not private.claim_run(payload -> 'run') then
    return '{"decision": "duplicate"}';
  end if;
  return jsonb_build_object('decision', 'claimed', 'meeting', private.record_meeting_start(payload));
end
$$;

-- Payload: the end's fields and `run`, the workflow's claim. Returns the decision and, when claimed, the meeting.
create function public.record_meeting_end(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  if not private.claim_run(payload -> 'run') then
    return '{"decision": "duplicate"}';
  end if;
  return jsonb_build_object('decision', 'claimed', 'meeting', private.record_meeting_end(payload));
end
$$;

-- Payload: the pipeline's fields and, when this write ends its run, `finishesRun`: that run's idempotency key.
create function public.record_media_pipeline(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  meeting jsonb := private.record_media_pipeline(payload);
begin
  if payload ? 'finishesRun' then
    perform private.finish_run(payload ->> 'finishesRun', '{"status": "succeeded"}');
  end if;
  return meeting;
end
$$;

-- Payload: the recording's fields and `run`, the workflow's claim. Returns 'claimed' or 'duplicate'.
create function public.record_recording(payload jsonb)
returns text
language plpgsql
set search_path = ''
as $$
begin
  if not private.claim_run(payload -> 'run') then
    return 'duplicate';
  end if;
  perform private.record_recording(payload);
  return 'claimed';
end
$$;

-- Payload: the ingest and `finishesRun`, the idempotency key of the run it ends.
create function public.ingest_transcript(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  summary jsonb := private.ingest_transcript(payload);
begin
  perform private.finish_run(payload ->> 'finishesRun', '{"status": "succeeded"}');
  return summary;
end
$$;

revoke all on function
  public.record_meeting_start(jsonb), public.record_meeting_end(jsonb), public.record_media_pipeline(jsonb),
  public.record_recording(jsonb), public.ingest_transcript(jsonb)
from public, anon, authenticated;
grant execute on function
  public.record_meeting_start(jsonb), public.record_meeting_end(jsonb), public.record_media_pipeline(jsonb),
  public.record_recording(jsonb), public.ingest_transcript(jsonb)
to service_role;
