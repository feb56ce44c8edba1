-- Chat: every message of a consult's Chime SDK messaging channel, as Chime's data streaming delivers it to the
-- pipeline's consumer, which alone writes it (apply_chat_message, with the service role). Participants of the
-- consult read its messages under row level security, and subscribe to them through Realtime instead of polling;
-- anon reads nothing. Rows go with the seven-year sweep (sweep_expired) unless a meeting of the consult is under
-- legal hold. Payload keys are camelCase, as in core.

create table public.chat (
  message_id text primary key,
  consult_id uuid not null references public.consults (id) on delete cascade,
  channel_arn text not null,
  sender_id uuid,
  content text,
  type text not null check (type in ('STANDARD', 'CONTROL', 'SYSTEM')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  redacted boolean not null default false,
  deleted boolean not null default false,
  applied_at timestamptz not null default now(),
  check (not (redacted or deleted) or content is null)
);
comment on table public.chat is
  'A consult''s chat messages: content while neither redacted nor deleted, and the fact of every message kept.';
create index chat_consult_id_created_at_idx on public.chat (consult_id, created_at);

alter table public.chat enable row level security;
revoke all on table public.chat from public, anon, authenticated;
grant select, insert, update, delete on table public.chat to service_role;
grant select on table public.chat to authenticated;

create policy "participants read their consults' chat" on public.chat
  for select to authenticated
  using (consult_id = any (array(select private.consult_ids_of_caller())));

-- Realtime sends a subscriber the changes of the rows its policies let it read.
alter publication supabase_realtime add table public.chat;

-- Payload: a chat row (`messageId`, `consultId`, `channelArn`, `senderId`, `content`, `type`, `createdAt`,
-- `updatedAt`, `redacted`, `deleted`). Written unless the table holds the message at a later update, or at the same
-- update as deleted or redacted where the payload is not: the same record twice, or records out of order, leave
-- the same row. Redaction and deletion stay once set, and leave no content. Returns `{applied}`.
create function public.apply_chat_message(payload jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  redacted boolean := coalesce((payload ->> 'redacted')::boolean, false);
  deleted boolean := coalesce((payload ->> 'deleted')::boolean, false);
  written integer;
begin
  insert into public.chat as c (
    message_id, consult_id, channel_arn, sender_id, content, type, created_at, updated_at, redacted, deleted
  )
  values (
    payload ->> 'messageId',
    (payload ->> 'consultId')::uuid,
    payload ->> 'channelArn',
    (payload ->> 'senderId')::uuid,
    case when redacted or deleted then null else payload ->> 'content' end,
    payload ->> 'type',
    (payload ->> 'createdAt')::timestamptz,
    (payload ->> 'updatedAt')::timestamptz,
    redacted,
    deleted
  )
  on conflict (message_id) do update set
    content = case when c.redacted or c.deleted or excluded.redacted or excluded.deleted then null
      else excluded.content end,
    type = excluded.type,
    updated_at = greatest(c.updated_at, excluded.updated_at),
    redacted = c.redacted or excluded.redacted,
    deleted = c.deleted or excluded.deleted,
    applied_at = now()
  where excluded.updated_at > c.updated_at
    or (excluded.updated_at = c.updated_at and (
      (excluded.deleted and not c.deleted) or (excluded.redacted and not c.redacted)
    ));
  get diagnostics written = row_count;
  return jsonb_build_object('applied', written > 0);
end
$$;

revoke all on function public.apply_chat_message(jsonb) from public, anon, authenticated;
grant execute on function public.apply_chat_message(jsonb) to service_role;
