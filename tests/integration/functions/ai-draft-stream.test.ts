// ai-draft-policy end to end: a real core signed in to the stack (PostgreSQL 15, the gateway,
// the function under real Deno, signed by the device) asks for a draft; OpenAI is the stand-in.
// The streamed text reaches the core's events in order; the prompt holds what the database
// says (never the body); a foreign control is refused before OpenAI is asked; an outage is
// "AI is unavailable" in words; a saved draft is an AI-assisted revision on the server too.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../support/openai/stand-in';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, closeDevice, ok, settled, signedInDevice, until, type Device } from '../sync/harness';

let openai: OpenAiStandIn;
let stack: Stack;
let org: SeededOrg;
let other: SeededOrg;
let device: Device | undefined;
let policyId: string;
let revisionId: string;
const controls = { ac2: randomUUID(), ia2: randomUUID(), foreign: randomUUID() };
const events: { name: string; payload: Record<string, unknown> }[] = [];

async function seedControls(orgId: string, rows: { id: string; key: string; label: string; title: string; statement: string }[]) {
  const framework = randomUUID();
  await stack.admin.query(`insert into public.frameworks (id, org_id, title) values ($1, $2, 'NIST SP 800-53 LOW')`, [
    framework,
    orgId,
  ]);
  for (const c of rows) {
    await stack.admin.query(
      `insert into public.controls (id, org_id, framework_id, control_key, label, title, statement) values ($1, $2, $3, $4, $5, $6, $7)`,
      [c.id, orgId, framework, c.key, c.label, c.title, c.statement],
    );
  }
}

beforeAll(async () => {
  openai = await startOpenAiStandIn();
  stack = await startStack({ functions: true, functionEnv: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url } });
  org = await seedOrg(stack, 'Acme Health');
  other = await seedOrg(stack, 'Other Co');
  await seedControls(org.id, [
    {
      id: controls.ac2,
      key: 'ac-2',
      label: 'AC-2',
      title: 'Account Management',
      statement: 'Manage system accounts, from the database.',
    },
    {
      id: controls.ia2,
      key: 'ia-2',
      label: 'IA-2',
      title: 'Identification and Authentication',
      statement: 'Identify users uniquely.',
    },
  ]);
  await seedControls(other.id, [
    { id: controls.foreign, key: 'ac-9', label: 'AC-9', title: 'Other org', statement: 'Not yours.' },
  ]);
  device = await signedInDevice(stack, org.users.compliance_officer);
  device.core.onEvent((name, payload) => {
    if (name.startsWith('aiDraft.')) events.push({ name, payload: payload as Record<string, unknown> });
  });
  const policy = await ok<{ id: string; currentRevisionId: string }>(device.core, 'policies', 'create', {
    title: 'Access Control Policy',
    body: '# Access Control Policy\n\nOld scope.\n',
  });
  policyId = policy.id;
  revisionId = policy.currentRevisionId;
  await settled(device, 'the policy to reach the server');
}, 180_000);

afterAll(async () => {
  await closeDevice(device);
  await stack?.stop();
  await openai?.stop();
});

beforeEach(() => {
  events.length = 0;
  openai.reset();
});

const endOf = (draftId: string) =>
  until(
    async () => events.find((e) => e.name === 'aiDraft.end' && e.payload.draftId === draftId)?.payload,
    (end) => end !== undefined,
    'the draft to end',
    30_000,
  ) as Promise<Record<string, unknown>>;

describe('ai-draft-policy through the stack', () => {
  it('streams the draft to the core in order and saves it as an AI-assisted revision', async () => {
    const draft = `# Access Control Policy\n\n## Purpose\nAcme Health manages accounts [AC-2].\n\n## Statements\n${'Users are identified uniquely [IA-2]. '.repeat(12)}\n`;
    openai.script({ content: draft });
    const { draftId } = await ok<{ draftId: string }>(device!.core, 'aiDraft', 'start', {
      policyId,
      controlIds: [controls.ac2, controls.ia2],
    });
    const end = await endOf(draftId);
    expect(end).toMatchObject({ outcome: 'done', message: null, text: draft });
    const chunks = events.filter((e) => e.name === 'aiDraft.chunk').map((e) => e.payload);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    expect(chunks.map((c) => c.text).join('')).toBe(draft);

    // What OpenAI was asked: a stream, with the controls' texts as the database has them.
    expect(openai.calls).toHaveLength(1);
    const request = openai.calls[0]!.body!;
    expect(request).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const prompt = JSON.stringify(request.messages);
    expect(prompt).toContain('Manage system accounts, from the database.');
    expect(prompt).toContain('Acme Health');
    expect(prompt).toContain('Old scope.');

    const saved = await ok<{ currentRevisionId: string; body: string }>(device!.core, 'aiDraft', 'save', {
      policyId,
      draftId,
      body: draft,
      baseRevisionId: revisionId,
    });
    revisionId = saved.currentRevisionId;
    const history = await ok<{ items: { id: string; aiAssisted?: boolean }[] }>(device!.core, 'policies', 'revisions', {
      policyId,
    });
    expect(history.items[0]).toMatchObject({ id: saved.currentRevisionId, aiAssisted: true });
    await settled(device!, 'the AI-assisted revision to reach the server');
    const server = await stack.admin.query('select ai_assisted, body from public.policy_revisions where id = $1', [
      saved.currentRevisionId,
    ]);
    expect(server.rows[0]).toEqual({ ai_assisted: true, body: draft });
  }, 60_000);

  it('refuses a control of another organization by id, before OpenAI is asked', async () => {
    const answer = await call(device!.core, 'aiDraft', 'start', { policyId, controlIds: [controls.ac2, controls.foreign] });
    expect(answer).toEqual({
      ok: false,
      error: { code: ErrorCode.NotFound, message: `No such control in this organization: ${controls.foreign}.` },
    });
    expect(openai.calls).toHaveLength(0);
    expect(events).toEqual([]);
  }, 30_000);

  it('an OpenAI outage is “AI is unavailable” in words, and local work goes on', async () => {
    openai.fail({ status: 500, times: 5 });
    const answer = await call(device!.core, 'aiDraft', 'start', { policyId, controlIds: [controls.ac2] });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: ErrorCode.Offline, message: expect.stringMatching(/^AI is unavailable: /) },
    });
    expect(JSON.stringify(answer)).not.toContain(openai.apiKey);
    // Rate limited beyond the bounded wait: the same words, not an 8-second hang per retry.
    openai.fail({ status: 429, retryAfter: 60, times: 3 });
    const limited = await call(device!.core, 'aiDraft', 'start', { policyId, controlIds: [controls.ac2] });
    expect(limited).toMatchObject({
      ok: false,
      error: { code: ErrorCode.Offline, message: expect.stringMatching(/AI is unavailable: .*rate limited/) },
    });
    await ok(device!.core, 'policies', 'update', { id: policyId, body: 'Edited while AI was down.\n' });
  }, 60_000);

  it('honours the org’s AI quota: refused with a wait in words, OpenAI not asked', async () => {
    await stack.admin.query(
      `insert into private.ai_quotas (org_id, kind, org_requests, org_tokens, user_requests, user_tokens) values ($1, 'ai', 0, 0, 0, 0)`,
      [org.id],
    );
    try {
      const answer = await call(device!.core, 'aiDraft', 'start', { policyId, controlIds: [controls.ac2] });
      expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.Conflict, message: expect.stringMatching(/again/i) } });
      expect(openai.calls).toHaveLength(0);
      expect(events).toEqual([]);
    } finally {
      await stack.admin.query(`delete from private.ai_quotas where org_id = $1`, [org.id]);
    }
  }, 30_000);
});
