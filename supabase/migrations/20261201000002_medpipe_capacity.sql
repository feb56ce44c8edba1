-- Capacity: how the pipeline keeps a clinic's busiest hour inside AWS's quotas. A quota-bound step holds a slot
-- (a Transcribe Medical job, a Chime media pipeline, an entity extraction) while it uses the quota and waits in
-- its workflow while none is free; Comprehend Medical requests of every consult in flight take their turn from
-- shared rate buckets (one per API and unit). Both are the service role's only. Payload keys are camelCase.

create table public.capacity_slots (
  resource text not null,
  holder text not null,
  acquired_at timestamptz not null default now(),
  -- A slot whose holder never released it (its execution failed or was stopped) frees itself then.
  expires_at timestamptz not null,
  primary key (resource, holder)
);
comment on table public.capacity_slots is
  'The quota-bound work in flight: one row per holder (a job, a pipeline, an extraction) of a resource.';

-- Who waits for a slot, so that a freed slot goes to the first in line (the highest priority, then the earliest
-- to ask) rather than to whoever asks next. A waiter that stopped asking (its execution ended) drops out.
create table public.capacity_waiters (
  resource text not null,
  holder text not null,
  priority double precision not null,
  first_asked_at timestamptz not null default now(),
  stale_at timestamptz not null,
  primary key (resource, holder)
);
comment on table public.capacity_waiters is
  'The line for each resource''s slots: higher priority first (a longer recording''s job), then first come.';

-- Generic cell rate algorithm: `tat` is the theoretical arrival time of the next unit, so a reservation is one
-- row update however many consults share the bucket.
create table public.rate_buckets (
  name text primary key,
  tat timestamptz not null
);
comment on table public.rate_buckets is
  'Shared pacing of a quota per second (Comprehend Medical requests or characters of one API): GCRA state.';

alter table public.capacity_slots enable row level security;
alter table public.capacity_waiters enable row level security;
alter table public.rate_buckets enable row level security;
revoke all on table public.capacity_slots, public.capacity_waiters, public.rate_buckets
from public, anon, authenticated;
grant select, insert, update, delete on table public.capacity_slots, public.capacity_waiters, public.rate_buckets
to service_role;

-- Payload: `resource`, `holder`, `limit`, `ttlSeconds`, `priority` and `waitSeconds` (how often a waiting holder
-- asks again). Returns `granted` and `inUse` (the slots held then, this one included when granted). A holder that
-- has its slot keeps it, its expiry renewed; a free slot goes to the first in line, and whoever is not joins the
-- line. Acquisitions of one resource are serialised, so that the limit holds however many ask at once.
create function public.acquire_capacity_slot(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  wanted text := payload ->> 'resource';
  asking text := payload ->> 'holder';
  most integer := (payload ->> 'limit')::integer;
  ttl interval := make_interval(secs => (payload ->> 'ttlSeconds')::double precision);
  rank double precision := coalesce((payload ->> 'priority')::double precision, 0);
  patience interval := make_interval(secs => 3 * coalesce((payload ->> 'waitSeconds')::double precision, 60));
  since timestamptz;
  used integer;
  ahead integer;
begin
  if most is null or most < 1 or ttl is null or ttl <= interval '0' then
    raise exception 'a capacity slot needs a positive limit and ttlSeconds' using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtext('medpipe.capacity:' || wanted));
  delete from public.capacity_slots where resource = wanted and expires_at <= now();
  delete from public.capacity_waiters where resource = wanted and stale_at <= now();
  update public.capacity_slots set expires_at = now() + ttl where resource = wanted and holder = asking;
  if found then
    select count(*) into used from public.capacity_slots where resource = wanted;
    return jsonb_build_object('granted', true, 'inUse', used);
  end if;
  select count(*) into used from public.capacity_slots where resource = wanted;
  select first_asked_at into since from public.capacity_waiters where resource = wanted and holder = asking;
  since := coalesce(since, now());
  select count(*) into ahead from public.capacity_waiters w
    where w.resource = wanted and w.holder <> asking
      and (w.priority > rank or (w.priority = rank and w.first_asked_at < since));
  if used + ahead < most then
    insert into public.capacity_slots (resource, holder, expires_at) values (wanted, asking, now() + ttl);
    delete from public.capacity_waiters where resource = wanted and holder = asking;
    return jsonb_build_object('granted', true, 'inUse', used + 1);
  end if;
  insert into public.capacity_waiters (resource, holder, priority, first_asked_at, stale_at)
    values (wanted, asking, rank, since, now() + patience)
    on conflict (resource, holder) do update set priority = excluded.priority, stale_at = excluded.stale_at;
  return jsonb_build_object('granted', false, 'inUse', used);
end
$$;

-- Payload: `resource`, `holder`. Returns whether the holder had a slot to release.
create function public.release_capacity_slot(payload jsonb)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  delete from public.capacity_slots where resource = payload ->> 'resource' and holder = payload ->> 'holder';
  return found;
end
$$;

-- Payload: `buckets`, a list of `{name, amount, perSecond, burstSeconds}`. Reserves `amount` units of each bucket
-- (requests, characters) and returns `waitMilliseconds`: how long the caller waits before it may spend them all.
-- A bucket allows `burstSeconds` worth of units ahead of its rate, as a token bucket of that depth would.
create function public.reserve_rate(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  bucket jsonb;
  tat_before timestamptz;
  next_tat timestamptz;
  longest interval := interval '0';
begin
  for bucket in select * from jsonb_array_elements(payload -> 'buckets') loop
    if (bucket ->> 'perSecond')::double precision <= 0 or (bucket ->> 'amount')::double precision < 0 then
      raise exception 'a rate reservation needs a positive perSecond and an amount' using errcode = '22023';
    end if;
    insert into public.rate_buckets (name, tat) values (bucket ->> 'name', now()) on conflict (name) do nothing;
    select tat into tat_before from public.rate_buckets where name = bucket ->> 'name' for update;
    next_tat := greatest(tat_before, now())
      + make_interval(secs => (bucket ->> 'amount')::double precision / (bucket ->> 'perSecond')::double precision);
    update public.rate_buckets set tat = next_tat where name = bucket ->> 'name';
    longest := greatest(
      longest,
      next_tat - make_interval(secs => (bucket ->> 'burstSeconds')::double precision) - now()
    );
  end loop;
  return jsonb_build_object('waitMilliseconds', ceil(extract(epoch from longest) * 1000));
end
$$;

revoke all on function
  public.acquire_capacity_slot(jsonb), public.release_capacity_slot(jsonb), public.reserve_rate(jsonb)
from public, anon, authenticated;
grant execute on function
  public.acquire_capacity_slot(jsonb), public.release_capacity_slot(jsonb), public.reserve_rate(jsonb)
to service_role;
