-- Retention: legal hold per meeting, and the sweep that deletes meetings past their retention period. The
-- period itself is not here: the caller passes the cutoff, computed from the one definition in the pipeline.

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
    raise exception 'meeting % is not recorded', meeting using errcode = 'P0002';
  end if;
end
$$;

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
    raise exception 'meeting % is not recorded', meeting using errcode = 'P0002';
  end if;
end
$$;

-- Deletes every meeting dated at or before payload.cutoff that is not under legal hold, with all its rows, and
-- returns how many rows of each kind went. A meeting is dated by its start, or when that event never arrived,
-- by its end or by when the pipeline first heard of it: later dates, so such meetings are kept longer, never
-- shorter.
create function public.sweep_expired(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  cutoff timestamptz := (payload ->> 'cutoff')::timestamptz;
  expired uuid[];
  report jsonb;
begin
  if cutoff is null then
    raise exception 'sweep_expired needs a cutoff' using errcode = '22004';
  end if;
  -- Locking the expired meetings keeps late child rows out until they are gone, so the counts are exact.
  select coalesce(array_agg(m.id), '{}') into expired
  from (
    select id from public.meetings
    where not legal_hold and coalesce(started_at, ended_at, created_at) <= cutoff
    for update
  ) m;

  select jsonb_build_object(
    'meetings', cardinality(expired),
    'mediaPipelines', (select count(*) from public.media_pipelines where meeting_id = any(expired)),
    'attendance', (select count(*) from public.attendance where meeting_id = any(expired)),
    'recordings', (select count(*) from public.recordings where meeting_id = any(expired)),
    'transcripts', (select count(*) from public.transcripts where meeting_id = any(expired)),
    'turns', (
      select count(*) from public.transcript_turns tt
      join public.transcripts t on t.id = tt.transcript_id
      where t.meeting_id = any(expired)
    ),
    'entities', (select count(*) from public.medical_entities where meeting_id = any(expired)),
    'runs', (select count(*) from public.pipeline_runs where meeting_id = any(expired)),
    'heldMeetingsKept', (
      select count(*) from public.meetings
      where legal_hold and coalesce(started_at, ended_at, created_at) <= cutoff
    )
  ) into report;

  delete from public.meetings where id = any(expired);
  return report;
end
$$;

revoke all on function
  public.place_legal_hold(jsonb), public.release_legal_hold(jsonb), public.sweep_expired(jsonb)
from public, anon, authenticated;
grant execute on function
  public.place_legal_hold(jsonb), public.release_legal_hold(jsonb), public.sweep_expired(jsonb)
to service_role;
