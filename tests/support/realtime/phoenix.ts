// The Phoenix channel wire format as @supabase/realtime-js speaks it: vsn 1.0.0 sends each
// message as a JSON object {join_ref, ref, topic, event, payload}; vsn 2.0.0 (realtime-js's
// default) as a JSON array [join_ref, ref, topic, event, payload]. Frames are checked with zod:
// anything else is a malformed frame, which the socket answers by closing (as Phoenix does when
// its serializer cannot decode a frame), never by crashing the gateway.
import { z } from 'zod';

export type Vsn = '1.0.0' | '2.0.0';
export const VSNS: readonly Vsn[] = ['1.0.0', '2.0.0'];

export interface Message {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

const ref = z.string().max(255).nullable();
const topic = z.string().min(1).max(255);
const event = z.string().min(1).max(255);
const payload = z.record(z.string(), z.unknown());

const objectFrame = z.object({ join_ref: ref.optional(), ref, topic, event, payload }).strict();
const arrayFrame = z.tuple([ref, ref, topic, event, payload]);

export class MalformedFrame extends Error {}

export function decode(vsn: Vsn, text: string): Message {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new MalformedFrame('malformed frame: not JSON');
  }
  if (vsn === '1.0.0') {
    const parsed = objectFrame.safeParse(raw);
    if (!parsed.success) throw new MalformedFrame('malformed frame: expected {join_ref, ref, topic, event, payload}');
    return { ...parsed.data, join_ref: parsed.data.join_ref ?? null };
  }
  const parsed = arrayFrame.safeParse(raw);
  if (!parsed.success) throw new MalformedFrame('malformed frame: expected [join_ref, ref, topic, event, payload]');
  const [join_ref, msgRef, msgTopic, msgEvent, msgPayload] = parsed.data;
  return { join_ref, ref: msgRef, topic: msgTopic, event: msgEvent, payload: msgPayload };
}

export function encode(vsn: Vsn, message: Message): string {
  if (vsn === '1.0.0') return JSON.stringify(message);
  return JSON.stringify([message.join_ref, message.ref, message.topic, message.event, message.payload]);
}

/** The answer to a push: phx_reply with {status, response}, on the push's own refs. */
export function reply(to: Message, status: 'ok' | 'error', response: Record<string, unknown>): Message {
  return { join_ref: to.join_ref, ref: to.ref, topic: to.topic, event: 'phx_reply', payload: { status, response } };
}
