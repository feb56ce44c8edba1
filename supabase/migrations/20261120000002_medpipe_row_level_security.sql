-- Who may read what. Supabase grants every new public table and function to anon and authenticated by
-- default; here that is taken back. anon gets nothing, authenticated users read the meetings they attended
-- (matched on the JWT's sub, which the app sets as the attendee's external user id), and the pipeline
-- writes as service_role, which bypasses row level security.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Security definer so that the attendance policy can consult attendance without recursing into itself.
create function private.attended_meeting_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct a.meeting_id
  from public.attendance a
  where a.external_user_id = (select auth.jwt() ->> 'sub')
$$;
revoke all on function private.attended_meeting_ids() from public;
grant execute on function private.attended_meeting_ids() to authenticated;

alter table public.meetings enable row level security;
alter table public.media_pipelines enable row level security;
alter table public.attendance enable row level security;
alter table public.recordings enable row level security;
alter table public.transcripts enable row level security;
alter table public.transcript_turns enable row level security;
alter table public.medical_entities enable row level security;
alter table public.pipeline_runs enable row level security;

revoke all on table
  public.meetings, public.media_pipelines, public.attendance, public.recordings, public.transcripts,
  public.transcript_turns, public.medical_entities, public.pipeline_runs
from public, anon, authenticated;

grant select, insert, update, delete on table
  public.meetings, public.media_pipelines, public.attendance, public.recordings, public.transcripts,
  public.transcript_turns, public.medical_entities, public.pipeline_runs
to service_role;

grant select on table
  public.meetings, public.attendance, public.recordings, public.transcripts, public.transcript_turns,
  public.medical_entities
to authenticated;

create policy "attendees read their meetings" on public.meetings
  for select to authenticated
  using (id in (select private.attended_meeting_ids()));

create policy "attendees read their meetings' attendance" on public.attendance
  for select to authenticated
  using (meeting_id in (select private.attended_meeting_ids()));

create policy "attendees read their meetings' recordings" on public.recordings
  for select to authenticated
  using (meeting_id in (select private.attended_meeting_ids()));

create policy "attendees read their meetings' transcripts" on public.transcripts
  for select to authenticated
  using (meeting_id in (select private.attended_meeting_ids()));

create policy "attendees read their meetings' transcript turns" on public.transcript_turns
  for select to authenticated
  using (
    transcript_id in (
      select t.id from public.transcripts t where t.meeting_id in (select private.attended_meeting_ids())
    )
  );

create policy "attendees read their meetings' medical entities" on public.medical_entities
  for select to authenticated
  using (meeting_id in (select private.attended_meeting_ids()));
