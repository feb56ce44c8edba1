-- The single-step workflows (attendance, media pipeline status) claim their event, write, and record the run's
-- success in one transaction: one round trip instead of three, and no run left "running" between them. A
-- failure rolls all of it back; the workflow's failure path then records it in the run log.

create function private.claim_run(run jsonb)
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
  -- A running or succeeded run makes the event a duplicate; a failed one is claimed again.
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
    attempts = r.attempts + 1,
    execution = excluded.execution,
    replay_name = excluded.replay_name,
    step = null,
    error = null,
    cause = null,
    updated_at = now()
  where r.status = 'failed'
  returning true into claimed;
  return coalesce(claimed, false);
end
$$;

create function private.finish_run(run_key text, outcome jsonb)
returns void
language plpgsql
set search_path = ''
as $$
begin
  update public.pipeline_runs
    set
      status = outcome ->> 'status',
      step = outcome ->> 'step',
      error = outcome ->> 'error',
      cause = outcome ->> 'cause',
      updated_at = now()
    where idempotency_key = run_key;
  if not found then
    raise exception 'run % was never claimed', run_key using errcode = 'P0002';
  end if;
end
$$;

create or replace function public.claim_run(payload jsonb)
returns text
language sql
set search_path = ''
as $$
  select case when private.claim_run(payload) then 'claimed' else 'duplicate' end
$$;

create or replace function public.finish_run(payload jsonb)
returns void
language sql
set search_path = ''
as $$
  select private.finish_run(payload ->> 'idempotencyKey', payload)
$$;

-- Payload: the attendance fields and `run`, the workflow's claim. Returns 'claimed' or 'duplicate'.
drop function public.record_attendance(jsonb);
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
  perform private.finish_run(payload -> 'run' ->> 'idempotencyKey', '{"status": "succeeded"}');
  return 'claimed';
end
$$;

-- Payload: `mediaPipelineId`, `status`, `at` and `run`. Returns the decision and the pipeline's meeting and kind,
-- or a null pipeline for one never recorded here (not a consult's, or not recorded yet): nothing to update.
drop function public.record_media_pipeline_status(jsonb);
create function public.record_media_pipeline_status(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  pipeline_id text := payload ->> 'mediaPipelineId';
  changed_at timestamptz := (payload ->> 'at')::timestamptz;
  claimed boolean := private.claim_run(payload -> 'run');
  pipeline public.media_pipelines;
begin
  if claimed then
    update public.media_pipelines
      set status = payload ->> 'status', status_at = changed_at
      where id = pipeline_id and (status_at is null or status_at < changed_at);
    perform private.finish_run(payload -> 'run' ->> 'idempotencyKey', '{"status": "succeeded"}');
  end if;
  select * into pipeline from public.media_pipelines where id = pipeline_id;
  return jsonb_build_object(
    'decision', case when claimed then 'claimed' else 'duplicate' end,
    'pipeline', case when pipeline.id is not null then
      jsonb_build_object('meetingId', pipeline.meeting_id, 'kind', pipeline.kind)
    end
  );
end
$$;

revoke all on function private.claim_run(jsonb), private.finish_run(text, jsonb) from public;
grant execute on function private.claim_run(jsonb), private.finish_run(text, jsonb) to service_role;

revoke all on function
  public.claim_run(jsonb), public.finish_run(jsonb), public.record_attendance(jsonb),
  public.record_media_pipeline_status(jsonb)
from public, anon, authenticated;
grant execute on function
  public.claim_run(jsonb), public.finish_run(jsonb), public.record_attendance(jsonb),
  public.record_media_pipeline_status(jsonb)
to service_role;
