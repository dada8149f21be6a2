/**
 * The core's side of AI drafts on a real replica: the function's SSE answer relayed as ordered
 * chunk events and one end event, cancel, refusals in words, and save writing a revision
 * marked AI-assisted (in the revision, its history and its trail event). The function is an
 * injected FunctionCaller answering Responses, as the signed caller would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { aiDraftHandlers } from '../../../../src-main/core/ai/draft/draft-handlers';
import type { FunctionCall, FunctionCaller } from '../../../../src-main/core/functions/function-caller';
import { openWorkspace, type OpenWorkspace } from '../../../../src-main/core/workspaces/open-workspace';
import { tempDir } from '../../../support/temp-dir';

type TempDir = ReturnType<typeof tempDir>;

const CONTROL = '11111111-1111-4111-8111-111111111111';
const ctx = { actor: 'local' };
const sse = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

let dir: TempDir;
let ws: OpenWorkspace;
let events: { name: string; payload: Record<string, unknown> }[];
let calls: FunctionCall[];

/** A body stream the test writes to piece by piece (bytes split anywhere, as the network does). */
function pushStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    body,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

function handlers(answer: (call: FunctionCall) => Response | Promise<Response>): ApiHandlers['aiDraft'] {
  const functions: FunctionCaller = {
    call: async (call) => {
      calls.push(call);
      return answer(call);
    },
  };
  return aiDraftHandlers({
    ...ws.deps,
    functions,
    emit: (name, payload) => events.push({ name, payload: payload as Record<string, unknown> }),
  });
}

const ended = () =>
  new Promise<Record<string, unknown>>((resolve) => {
    const check = () => {
      const end = events.find((e) => e.name === 'aiDraft.end');
      if (end) resolve(end.payload);
      else setTimeout(check, 5);
    };
    check();
  });

beforeEach(() => {
  dir = tempDir();
  events = [];
  calls = [];
  ws = openWorkspace(
    {
      dataDir: dir.path,
      appVersion: 'test',
      now: () => new Date().toISOString(),
      log: { error: () => {} },
      emit: () => {},
      changed: () => {},
    },
    LOCAL_ORG_ID,
  );
});
afterEach(() => {
  ws.close();
  dir.remove();
});

describe('AI drafts in the core', () => {
  it('relays the streamed text as ordered chunks, then saves accepted text as an AI-assisted revision', async () => {
    const policy = await ws.handlers.policies.create(
      { title: 'Access Control Policy', body: 'Old.\n', owner: '', nextReviewDate: null },
      ctx,
    );
    const stream = pushStream();
    const ai = handlers(() => new Response(stream.body, { headers: { 'content-type': 'text/event-stream' } }));
    const { draftId } = await ai.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx);
    expect(calls).toEqual([
      expect.objectContaining({ name: 'ai-draft-policy', body: { policyId: policy.id, controlIds: [CONTROL] } }),
    ]);

    const wire =
      sse('chunk', { text: '# Access' }) +
      sse('chunk', { text: ' Control\n' }) +
      sse('chunk', { text: 'New.\n' }) +
      sse('done', { usage: null });
    // Split anywhere, as the network does: every 7 characters.
    for (let i = 0; i < wire.length; i += 7) stream.write(wire.slice(i, i + 7));
    stream.close();
    const end = await ended();
    expect(events.filter((e) => e.name === 'aiDraft.chunk').map((e) => e.payload)).toEqual([
      { draftId, index: 0, text: '# Access' },
      { draftId, index: 1, text: ' Control\n' },
      { draftId, index: 2, text: 'New.\n' },
    ]);
    expect(end).toEqual({ draftId, outcome: 'done', message: null, text: '# Access Control\nNew.\n' });

    const saved = await ai.save({ policyId: policy.id, draftId, body: 'New.\n', baseRevisionId: policy.currentRevisionId! }, ctx);
    expect(saved.body).toBe('New.\n');
    const history = await ws.handlers.policies.revisions({ policyId: policy.id, offset: 0, limit: 10 }, ctx);
    expect(history.items.map((r) => r.aiAssisted)).toEqual([true, false]);
    const trail = ws.deps.db
      .prepare(`SELECT after FROM audit_events WHERE record_table = 'policy_revisions' AND record_id = ?`)
      .get(saved.currentRevisionId) as { after: string };
    expect(JSON.parse(trail.after)).toMatchObject({ ai_assisted: 1, body: 'New.\n' });
    // A draft saves once: the same draft again is refused in words.
    expect(() => ai.save({ policyId: policy.id, draftId, body: 'x', baseRevisionId: saved.currentRevisionId! }, ctx)).toThrow(
      /no longer here/,
    );
  });

  it('cancel stops a draft in flight; an unfinished draft cannot be saved', async () => {
    const policy = await ws.handlers.policies.create({ title: 'P', body: '', owner: '', nextReviewDate: null }, ctx);
    const ai = handlers(
      (call) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(sse('chunk', { text: 'Part' })));
              call.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
            },
          }),
        ),
    );
    const { draftId } = await ai.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx);
    await new Promise((r) => setTimeout(r, 20));
    expect(() => ai.save({ policyId: policy.id, draftId, body: 'Part', baseRevisionId: policy.currentRevisionId! }, ctx)).toThrow(
      /not complete/,
    );
    expect(await ai.cancel({ draftId }, ctx)).toEqual({ cancelled: true });
    expect(await ended()).toMatchObject({ draftId, outcome: 'cancelled', text: 'Part' });
    expect(await ai.cancel({ draftId }, ctx)).toEqual({ cancelled: false });
  });

  it('a refusal before the stream is the server’s words; an outage reads as unavailable; offline says it needs a connection', async () => {
    const policy = await ws.handlers.policies.create({ title: 'P', body: '', owner: '', nextReviewDate: null }, ctx);
    const refused = handlers(() =>
      Response.json({ code: 'unknown_control', message: `No such control in this organization: ${CONTROL}.` }, { status: 404 }),
    );
    await expect(refused.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx)).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: `No such control in this organization: ${CONTROL}.`,
    });
    const outage = handlers(() =>
      Response.json(
        { code: 'ai_unavailable', message: 'AI is unavailable: the AI provider had an error (500)' },
        { status: 503 },
      ),
    );
    await expect(outage.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx)).rejects.toMatchObject({
      code: ErrorCode.Offline,
      message: 'AI is unavailable: the AI provider had an error (500)',
    });
    const offline = handlers(() => Promise.reject(new AppError(ErrorCode.Offline, 'cannot reach')));
    await expect(offline.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx)).rejects.toThrow(
      /Drafting with AI needs a connection/,
    );
    const local = aiDraftHandlers(ws.deps);
    await expect(local.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx)).rejects.toThrow(/needs a connection/);
    expect(events).toEqual([]);
  });

  it('a stream that breaks off or sends garbage ends as failed in words, never as draft text', async () => {
    const policy = await ws.handlers.policies.create({ title: 'P', body: '', owner: '', nextReviewDate: null }, ctx);
    const cut = handlers(() => new Response(sse('chunk', { text: 'Half' })));
    const first = await cut.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx);
    expect(await ended()).toMatchObject({ draftId: first.draftId, outcome: 'failed', message: expect.stringMatching(/cut off/) });
    events = [];
    const garbage = handlers(() => new Response('event: chunk\ndata: {"html":"<b>x</b>"}\n\n'));
    const second = await garbage.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx);
    expect(await ended()).toMatchObject({ draftId: second.draftId, outcome: 'failed', text: '' });
    events = [];
    const failed = handlers(
      () =>
        new Response(
          sse('chunk', { text: 'A' }) + sse('error', { code: 'ai_unavailable', message: 'AI is unavailable: stopped' }),
        ),
    );
    await failed.start({ policyId: policy.id, controlIds: [CONTROL] }, ctx);
    expect(await ended()).toMatchObject({ outcome: 'failed', message: 'AI is unavailable: stopped', text: 'A' });
  });
});
