/**
 * Reads ai-draft-policy's answer stream (supabase/functions/ai-draft-policy/README.md): Server-Sent
 * Events, each `event: <name>\ndata: <one line of JSON>\n\n`:
 *   chunk  {"text": "…"}                 a piece of the draft, in order
 *   done   {"usage": {…}}                 the draft is complete
 *   error  {"code": "…", "message": "…"} the provider failed mid-draft (words for a person)
 * A stream that ends without done or error was cut off. Every event is checked; anything else is
 * a bad server answer, never shown as draft text.
 */
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../../src-shared/errors';

export type DraftStreamEvent =
  { kind: 'chunk'; text: string } | { kind: 'done' } | { kind: 'error'; code: string; message: string };

const Chunk = z.object({ text: z.string() });
const Failure = z.object({ code: z.string(), message: z.string() });

/** One SSE block (lines between blank lines) as an event, or null for a comment/keep-alive. */
export function parseBlock(block: string): DraftStreamEvent | null {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(data.join('\n'));
  } catch {
    throw new AppError(ErrorCode.BadServerAnswer, 'The AI draft stream sent something that is not JSON.');
  }
  if (name === 'chunk') {
    const chunk = Chunk.safeParse(json);
    if (chunk.success) return { kind: 'chunk', text: chunk.data.text };
  } else if (name === 'done') {
    return { kind: 'done' };
  } else if (name === 'error') {
    const failure = Failure.safeParse(json);
    if (failure.success) return { kind: 'error', ...failure.data };
  }
  throw new AppError(
    ErrorCode.BadServerAnswer,
    `The AI draft stream sent an event the app does not know (${name.slice(0, 40)}).`,
  );
}

/** The events of a response body, as they arrive (bytes split anywhere, \r\n tolerated). */
export async function* draftEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<DraftStreamEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true }).replaceAll('\r\n', '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const event = parseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) yield event;
      end = buffer.indexOf('\n\n');
    }
  }
  buffer += decoder.decode();
  if (buffer.trim() !== '') {
    const event = parseBlock(buffer);
    if (event) yield event;
  }
}
