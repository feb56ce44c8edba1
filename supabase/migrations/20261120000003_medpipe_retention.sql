-- Retention: legal hold per meeting, and the sweep that deletes what is past retention. The period itself is not
-- here: the caller passes the sweep's time and the cutoff computed from the one definition in the pipeline
-- (packages/core/src/retention/period.ts).

-- Payload: `meetingId`, `reason`.
create function public.place_legal_hold(payload jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
begin
  update public.meetings
    set
      legal_hold = true,
      legal_hold_reason = payload ->> 'reason',
      legal_hold_at = case when legal_hold then legal_hold_at else now() end,
      updated_at = now()
    where id = meeting;
  if not found then
    perform private.refuse_swept(meeting);
    raise exception 'meeting % is not recorded', meeting using errcode = 'P0002';
  end if;
end
$$;

-- Payload: `meetingId`.
create function public.release_legal_hold(payload jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  meeting uuid := (payload ->> 'meetingId')::uuid;
begin
  update public.meetings
    set legal_hold = false, legal_hold_reason = null, legal_hold_at = null, updated_at = now()
    where id = meeting;
  if not found then
    perform private.refuse_swept(meeting);
    raise exception 'meeting % is not recorded', meeting using errcode = 'P0002';
  end if;
end
$$;

-- Whether the meeting holds an object S3 still locks at `at`: a recording, its transcript file or its entities
-- document whose retain-until date is later.
create function private.holds_objects_locked_at(meeting uuid, at timestamptz)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (select 1 from public.recordings r where r.meeting_id = meeting and r.retain_until > at)
    or exists (
      select 1 from public.transcripts t
      where t.meeting_id = meeting and (t.retain_until > at or t.entities_retain_until > at)
    )
$$;

-- Payload: `now`, the sweep's time, and `cutoff`, the latest meeting date past the retention period at `now`.
-- Deletes, with all its rows, every meeting dated at or before the cutoff that is not under legal hold and holds
-- no object S3 locks after `now`, and remembers its id; deletes the runs of no recorded meeting last updated at
-- or before the cutoff, and the chat messages (public.chat, 20261202000001_medpipe_chat.sql) sent at or before it
-- in consults none of whose meetings is under legal hold. Returns how many rows of each kind went and how many old meetings were kept. A meeting
-- is dated by its start, or when that event never arrived, by its end or by when the pipeline first heard of
-- it: later dates, so such meetings are kept longer, never shorter.
create function public.sweep_expired(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  sweep_at timestamptz := (payload ->> 'now')::timestamptz;
  cutoff timestamptz := (payload ->> 'cutoff')::timestamptz;
  candidates uuid[];
  expired uuid[];
  report jsonb;
begin
  if sweep_at is null or cutoff is null then
    raise exception 'sweep_expired needs now and a cutoff' using errcode = '22004';
  end if;
  if cutoff >= sweep_at then
    raise exception 'sweep_expired''s cutoff must be before now' using errcode = '22023';
  end if;
  -- One sweep at a time: a retried daily run waits for the first, then finds nothing more.
  perform pg_advisory_xact_lock(hashtext('public.sweep_expired'));
  -- Locks the candidates in one order, so that nothing that locks meetings the same way can deadlock with it,
  -- and keeps late child rows out until they are gone.
  select coalesce(array_agg(locked.id), '{}') into candidates
  from (
    select m.id from public.meetings m
    where not m.legal_hold
      and coalesce(m.started_at, m.ended_at, m.created_at) <= cutoff
      and not private.holds_objects_locked_at(m.id, sweep_at)
    order by m.id
    for update
  ) locked;
  -- Checked again in a statement of its own, which sees what writers that held a row committed before the
  -- lock above was granted (a recording retained later, say).
  select coalesce(array_agg(m.id), '{}') into expired
  from public.meetings m
  where m.id = any (candidates)
    and not m.legal_hold
    and coalesce(m.started_at, m.ended_at, m.created_at) <= cutoff
    and not private.holds_objects_locked_at(m.id, sweep_at);

  select jsonb_build_object(
    'meetings', cardinality(expired),
    'mediaPipelines', (select count(*) from public.media_pipelines where meeting_id = any (expired)),
    'attendance', (select count(*) from public.attendance where meeting_id = any (expired)),
    'recordings', (select count(*) from public.recordings where meeting_id = any (expired)),
    'transcripts', (select count(*) from public.transcripts where meeting_id = any (expired)),
    'turns', (
      select count(*) from public.transcript_turns tt
      join public.transcripts t on t.id = tt.transcript_id
      where t.meeting_id = any (expired)
    ),
    'entities', (select count(*) from public.medical_entities where meeting_id = any (expired)),
    'heldMeetingsKept', (
      select count(*) from public.meetings
      where legal_hold and coalesce(started_at, ended_at, created_at) <= cutoff
    ),
    'meetingsKeptForObjects', (
      select count(*) from public.meetings m
      where not m.legal_hold
        and coalesce(m.started_at, m.ended_at, m.created_at) <= cutoff
        and not (m.id = any (expired))
    )
  ) into report;

  insert into public.swept_meetings (meeting_id) select unnest(expired) on conflict do nothing;
  with gone as (delete from public.pipeline_runs where meeting_id = any (expired) returning 1)
  select report || jsonb_build_object('runs', (select count(*) from gone)) into report;
  delete from public.meetings where id = any (expired);
  with gone as (
    delete from public.pipeline_runs r
    where r.updated_at <= cutoff
      and (r.meeting_id is null or not exists (select 1 from public.meetings m where m.id = r.meeting_id))
    returning 1
  )
  select report || jsonb_build_object('runsWithoutMeeting', (select count(*) from gone)) into report;
  with gone as (
    delete from public.chat c
    where c.created_at <= cutoff
      and not exists (
        select 1 from public.consult_meetings cm
        join public.meetings m on m.id = cm.meeting_id
        where cm.consult_id = c.consult_id and m.legal_hold
      )
    returning 1
  )
  select report || jsonb_build_object('chatMessages', (select count(*) from gone)) into report;
  return report;
end
$$;

revoke all on function private.holds_objects_locked_at(uuid, timestamptz) from public;
grant execute on function private.holds_objects_locked_at(uuid, timestamptz) to service_role;

revoke all on function
  public.place_legal_hold(jsonb), public.release_legal_hold(jsonb), public.sweep_expired(jsonb)
from public, anon, authenticated;
grant execute on function
  public.place_legal_hold(jsonb), public.release_legal_hold(jsonb), public.sweep_expired(jsonb)
to service_role;
