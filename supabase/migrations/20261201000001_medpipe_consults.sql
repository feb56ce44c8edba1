-- Consults: the app's appointments (id = the app's appointment id), who takes part in each and in which role,
-- the patient's recording consent, and every Chime meeting held for it (at most one live). The app's backend
-- schedules consults with the service role (schedule_consult); the consult API (packages/functions) writes the
-- rest with the service role once it has verified the caller's access token; participants read their own
-- consults, and their meetings' results, under row level security. Payload keys are camelCase, as in core.

create table public.consults (
  id uuid primary key,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  closed_at timestamptz,
  consent_given_by uuid,
  consent_given_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check ((consent_given_by is null) = (consent_given_at is null))
);
comment on table public.consults is
  'An appointment of the app: its join window, whether it is closed, and the patient''s recording consent.';

create table public.consult_participants (
  consult_id uuid not null references public.consults (id) on delete cascade,
  user_id uuid not null,
  role text not null check (role in ('clinician', 'patient', 'interpreter', 'observer')),
  primary key (consult_id, user_id)
);
create index consult_participants_user_id_idx on public.consult_participants (user_id);

create table public.consult_meetings (
  consult_id uuid not null references public.consults (id) on delete cascade,
  generation integer not null check (generation >= 0),
  meeting_id uuid not null unique references public.meetings (id) on delete cascade,
  created_at timestamptz not null default now(),
  ended_at timestamptz,
  primary key (consult_id, generation)
);
comment on table public.consult_meetings is
  'The Chime meetings of a consult, numbered by generation: a join after a meeting ended starts the next one.';
create unique index consult_meetings_one_live_idx on public.consult_meetings (consult_id) where ended_at is null;

alter table public.consults enable row level security;
alter table public.consult_participants enable row level security;
alter table public.consult_meetings enable row level security;

revoke all on table public.consults, public.consult_participants, public.consult_meetings
from public, anon, authenticated;
grant select, insert, update, delete on table public.consults, public.consult_participants, public.consult_meetings
to service_role;
grant select on table public.consults, public.consult_participants, public.consult_meetings to authenticated;

-- Security definer so that the participants policy can read participants without recursing into itself. The row
-- estimates (a user is in a handful of consults) let the policies below use the indexes, as the attendees' do.
create function private.consult_ids_of_caller()
returns setof uuid
language sql
stable
security definer
rows 10
set search_path = ''
as $$
  select p.consult_id
  from public.consult_participants p
  where p.user_id::text = (select auth.jwt() ->> 'sub')
$$;

create function private.consult_meeting_ids_of_caller()
returns setof uuid
language sql
stable
security definer
rows 10
set search_path = ''
as $$
  select m.meeting_id
  from public.consult_meetings m
  where m.consult_id in (select private.consult_ids_of_caller())
$$;

revoke all on function private.consult_ids_of_caller(), private.consult_meeting_ids_of_caller() from public;
grant execute on function private.consult_ids_of_caller(), private.consult_meeting_ids_of_caller()
to authenticated;

-- Each policy compares with an array computed once per query (an InitPlan), as the attendees' policies do.
create policy "participants read their consults" on public.consults
  for select to authenticated
  using (id = any (array(select private.consult_ids_of_caller())));

create policy "participants read their consults' participants" on public.consult_participants
  for select to authenticated
  using (consult_id = any (array(select private.consult_ids_of_caller())));

create policy "participants read their consults' meetings" on public.consult_meetings
  for select to authenticated
  using (consult_id = any (array(select private.consult_ids_of_caller())));

-- A participant reads the results of their consults' meetings even before (or without) attending them; the
-- attendance policies of the results tables still apply beside these (permissive policies are or-ed). The app
-- reads no recordings: that table stays the service role's.
create policy "participants read their consults' meeting rows" on public.meetings
  for select to authenticated
  using (id = any (array(select private.consult_meeting_ids_of_caller())));

create policy "participants read their consults' transcripts" on public.transcripts
  for select to authenticated
  using (meeting_id = any (array(select private.consult_meeting_ids_of_caller())));

create policy "participants read their consults' transcript turns" on public.transcript_turns
  for select to authenticated
  using (
    transcript_id = any (array(
      select t.id from public.transcripts t
      where t.meeting_id = any (array(select private.consult_meeting_ids_of_caller()))
    ))
  );

create policy "participants read their consults' medical entities" on public.medical_entities
  for select to authenticated
  using (meeting_id = any (array(select private.consult_meeting_ids_of_caller())));

-- The consult as every write below returns it; its latest meeting has ended when the API saw it end or the
-- pipeline recorded its end (MeetingEnded, or the closer's timeout).
create function private.consult_document(consult uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'consultId', c.id,
    'startsAt', c.starts_at,
    'endsAt', c.ends_at,
    'closedAt', c.closed_at,
    'consent', case when c.consent_given_at is not null then
      jsonb_build_object('userId', c.consent_given_by, 'givenAt', c.consent_given_at)
    end,
    'participants', coalesce(
      (
        select jsonb_agg(jsonb_build_object('userId', p.user_id, 'role', p.role) order by p.role, p.user_id)
        from public.consult_participants p
        where p.consult_id = c.id
      ),
      '[]'
    ),
    'meeting', (
      select jsonb_build_object(
        'generation', m.generation,
        'meetingId', m.meeting_id,
        'endedAt', coalesce(m.ended_at, mt.ended_at)
      )
      from public.consult_meetings m
      left join public.meetings mt on mt.id = m.meeting_id
      where m.consult_id = c.id
      order by m.generation desc
      limit 1
    )
  )
  from public.consults c
  where c.id = consult
$$;

-- Payload: `consultId`, `startsAt`, `endsAt`, `participants` ([{userId, role}]: exactly one patient, at least
-- one clinician) and optionally `closed`. The same id again is the same consult with the changes applied: the
-- participants become exactly the given ones, and a consent given by someone no longer its patient is dropped.
create function public.schedule_consult(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  consult uuid := (payload ->> 'consultId')::uuid;
  participants jsonb := coalesce(payload -> 'participants', '[]');
  closed boolean := coalesce((payload ->> 'closed')::boolean, false);
begin
  if (select count(*) from jsonb_array_elements(participants) p where p ->> 'role' = 'patient') <> 1 then
    raise exception 'participants: a consult has exactly one patient' using errcode = '22023';
  end if;
  if not exists (select 1 from jsonb_array_elements(participants) p where p ->> 'role' = 'clinician') then
    raise exception 'participants: a consult has at least one clinician' using errcode = '22023';
  end if;
  insert into public.consults as c (id, starts_at, ends_at, closed_at)
  values (
    consult,
    (payload ->> 'startsAt')::timestamptz,
    (payload ->> 'endsAt')::timestamptz,
    case when closed then now() end
  )
  on conflict (id) do update set
    starts_at = excluded.starts_at,
    ends_at = excluded.ends_at,
    closed_at = case when closed then coalesce(c.closed_at, now()) end,
    updated_at = now();
  delete from public.consult_participants p
    where p.consult_id = consult
      and p.user_id not in (select (e ->> 'userId')::uuid from jsonb_array_elements(participants) e);
  insert into public.consult_participants (consult_id, user_id, role)
    select consult, (e ->> 'userId')::uuid, e ->> 'role' from jsonb_array_elements(participants) e
    on conflict (consult_id, user_id) do update set role = excluded.role;
  update public.consults c
    set consent_given_by = null, consent_given_at = null, updated_at = now()
    where c.id = consult
      and c.consent_given_by is not null
      and not exists (
        select 1 from public.consult_participants p
        where p.consult_id = consult and p.user_id = c.consent_given_by and p.role = 'patient'
      );
  return private.consult_document(consult);
end
$$;

-- Payload: `consultId`. The consult, or null when there is none.
create function public.find_consult(payload jsonb)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select private.consult_document((payload ->> 'consultId')::uuid)
$$;

-- Payload: `consultId`, `userId` (the patient). The first consent stands: giving it again changes nothing.
create function public.record_recording_consent(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  consult uuid := (payload ->> 'consultId')::uuid;
  patient uuid := (payload ->> 'userId')::uuid;
begin
  if not exists (
    select 1 from public.consult_participants p
    where p.consult_id = consult and p.user_id = patient and p.role = 'patient'
  ) then
    raise exception 'only the consult''s patient gives recording consent' using errcode = '42501';
  end if;
  update public.consults
    set consent_given_by = patient, consent_given_at = now(), updated_at = now()
    where id = consult and consent_given_at is null;
  return private.consult_document(consult);
end
$$;

-- Payload: `consultId`, `generation`, `meetingId` (a Chime meeting created for that generation). Records the
-- meeting (its row in meetings too, so that the pipeline's writes find it), and ends every earlier generation.
-- Idempotent: a generation keeps the first meeting recorded for it, which the returned consult names.
create function public.attach_consult_meeting(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  consult uuid := (payload ->> 'consultId')::uuid;
  generation_number integer := (payload ->> 'generation')::integer;
  meeting uuid := (payload ->> 'meetingId')::uuid;
begin
  insert into public.meetings as m (id, external_meeting_id)
    values (meeting, consult::text)
    on conflict (id) do update set external_meeting_id = excluded.external_meeting_id, updated_at = now()
    where m.external_meeting_id is null;
  update public.consult_meetings
    set ended_at = now()
    where consult_id = consult and generation < generation_number and ended_at is null;
  insert into public.consult_meetings (consult_id, generation, meeting_id)
    values (consult, generation_number, meeting)
    on conflict (consult_id, generation) do nothing;
  return private.consult_document(consult);
end
$$;

-- Payload: `consultId`, `meetingId`. Marks the consult's meeting ended (DeleteMeeting, or Chime no longer knows it).
create function public.end_consult_meeting(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  consult uuid := (payload ->> 'consultId')::uuid;
begin
  update public.consult_meetings
    set ended_at = now()
    where consult_id = consult and meeting_id = (payload ->> 'meetingId')::uuid and ended_at is null;
  return private.consult_document(consult);
end
$$;

-- Payload: `externalMeetingId` (a meeting event's). For the workflow's consent gate: `consultId` (null when the
-- meeting belongs to no consult) and `consentedAt` (null when its patient has not consented).
create function public.recording_consent(payload jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  external_id text := payload ->> 'externalMeetingId';
  consult public.consults;
begin
  if external_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    select * into consult from public.consults where id = external_id::uuid;
  end if;
  return jsonb_build_object('consultId', consult.id, 'consentedAt', consult.consent_given_at);
end
$$;

-- Payload: `consultId`. What the app shows of a consult (ids, states, counts; nothing a patient said): its
-- window, consent, latest meeting, recording, transcript, entity count and the step of its last failed run.
-- Security definer because the run log is the pipeline's; it answers the service role for any consult, a
-- signed-in user only for a consult they take part in (null otherwise, as for a consult that does not exist).
create function public.consult_status(payload jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  consult uuid := (payload ->> 'consultId')::uuid;
  claims jsonb := coalesce(auth.jwt(), '{}');
begin
  if coalesce(claims ->> 'role', '') <> 'service_role' and not exists (
    select 1 from public.consult_participants p
    where p.consult_id = consult and p.user_id::text = claims ->> 'sub'
  ) then
    return null;
  end if;
  return (
    select jsonb_build_object(
      'consultId', c.id,
      'startsAt', c.starts_at,
      'endsAt', c.ends_at,
      'closed', c.closed_at is not null,
      'consent', case when c.consent_given_at is not null then jsonb_build_object('givenAt', c.consent_given_at) end,
      'meeting', case when m.meeting_id is not null then
        jsonb_build_object(
          'meetingId', m.meeting_id,
          'state', case when coalesce(m.ended_at, mt.ended_at) is null then 'live' else 'ended' end,
          'startedAt', mt.started_at,
          'endedAt', coalesce(m.ended_at, mt.ended_at)
        )
      end,
      'recording', case
        when exists (select 1 from public.recordings r where r.meeting_id = m.meeting_id) then 'stored'
        when mt.capture_pipeline_id is not null then 'started'
        else 'none'
      end,
      'transcriptReady', exists (select 1 from public.transcripts t where t.meeting_id = m.meeting_id),
      'entityCount', (select count(*) from public.medical_entities e where e.meeting_id = m.meeting_id),
      'lastFailureStep', (
        select r.step from public.pipeline_runs r
        where r.meeting_id = m.meeting_id and r.status = 'failed'
        order by r.updated_at desc
        limit 1
      )
    )
    from public.consults c
    left join lateral (
      select cm.* from public.consult_meetings cm where cm.consult_id = c.id order by cm.generation desc limit 1
    ) m on true
    left join public.meetings mt on mt.id = m.meeting_id
    where c.id = consult
  );
end
$$;

revoke all on function private.consult_document(uuid) from public;
grant execute on function private.consult_document(uuid) to service_role;

revoke all on function
  public.schedule_consult(jsonb), public.find_consult(jsonb), public.record_recording_consent(jsonb),
  public.attach_consult_meeting(jsonb), public.end_consult_meeting(jsonb), public.recording_consent(jsonb),
  public.consult_status(jsonb)
from public, anon, authenticated;
grant execute on function
  public.schedule_consult(jsonb), public.find_consult(jsonb), public.record_recording_consent(jsonb),
  public.attach_consult_meeting(jsonb), public.end_consult_meeting(jsonb), public.recording_consent(jsonb),
  public.consult_status(jsonb)
to service_role;
grant execute on function public.consult_status(jsonb) to authenticated;
