// ai-gap-analysis through the stack: real Deno serving the function behind the gateway, real
// PostgreSQL (RLS, counters), the unmodified openai SDK inside the function talking to the OpenAI
// stand-in, and requests signed as the app signs them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../support/openai/stand-in';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { startCore, tempDataDir } from '../auth/harness';
import { call, closeDevice, ok, settled, signedInDevice, type Device as AppDevice } from '../sync/harness';
import { registerDevice, send, sessionOf, signed, type Device } from './signed-client';

let stack: Stack;
let openai: OpenAiStandIn;
let org: SeededOrg;
let other: SeededOrg;
let device: Device;
let token: string;
const framework = randomUUID();
const policy = randomUUID();
const controlIds = { ac1: randomUUID(), ac2: randomUUID(), ac3: randomUUID() };
const BODY =
  '# Access Control Policy\n\nAccess is granted on least privilege and reviewed yearly.\n\nAccounts are disabled within a day of leaving.';

beforeAll(async () => {
  openai = await startOpenAiStandIn();
  stack = await startStack({ functions: true, functionEnv: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url } });
  org = await seedOrg(stack, 'Acme');
  other = await seedOrg(stack, 'Other');
  await stack.admin.query('insert into public.frameworks (id, org_id, title) values ($1, $2, $3)', [
    framework,
    org.id,
    'NIST LOW',
  ]);
  for (const [key, id] of [
    ['ac-1', controlIds.ac1],
    ['ac-2', controlIds.ac2],
    ['ac-3', controlIds.ac3],
  ] as const) {
    await stack.admin.query(
      'insert into public.controls (id, org_id, framework_id, control_key, label, title, statement) values ($1, $2, $3, $4, $5, $6, $7)',
      [id, org.id, framework, key, key.toUpperCase(), `Title of ${key}`, `Statement of ${key}`],
    );
  }
  await stack.admin.query('insert into public.policies (id, org_id, title, body) values ($1, $2, $3, $4)', [
    policy,
    org.id,
    'Access Control Policy',
    BODY,
  ]);
  device = await registerDevice(stack, org.users.compliance_officer, org.id);
  token = (await sessionOf(stack, org.users.compliance_officer)).token;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await openai?.stop();
});

beforeEach(async () => {
  openai.reset();
  await stack.admin.query('delete from private.ai_quotas; delete from private.ai_usage');
});

const analyse = (body: Record<string, unknown> = { policyId: policy, frameworkId: framework }, as = { device, token }) =>
  send(stack, signed(as.device, { token: as.token, path: '/functions/v1/ai-gap-analysis', body: JSON.stringify(body) }));

describe('ai-gap-analysis', () => {
  it('answers per control with the sentence relied on; a made-up control id is dropped and counted', async () => {
    openai.script({
      json: {
        findings: [
          {
            control_id: 'ac-1',
            status: 'addresses',
            sentence: 'Access is granted on least privilege and reviewed yearly.',
            explanation: 'Stated.',
          },
          {
            control_id: 'AC-2',
            status: 'partly',
            sentence: 'Accounts are disabled within a day of leaving.',
            explanation: 'Only leavers.',
          },
          { control_id: 'ac-99', status: 'addresses', sentence: 'Made up.', explanation: 'Invented control.' },
          { control_id: 'ac-3', status: 'misses', sentence: null, explanation: 'Nothing on enforcement.' },
        ],
      },
      usage: { prompt_tokens: 400, completion_tokens: 120 },
    });
    const answer = await analyse();
    expect(answer.status).toBe(200);
    expect(answer.body.dropped).toBe(1);
    const findings = answer.body.findings as Record<string, unknown>[];
    expect(findings.map((f) => [f.controlId, f.status, f.quoted])).toEqual([
      [controlIds.ac1, 'addresses', true],
      [controlIds.ac2, 'partly', true],
      [controlIds.ac3, 'misses', false],
    ]);
    expect(JSON.stringify(answer.body)).not.toContain('ac-99');
    // The function read the texts from the database, not from the request, and used structured output.
    const request = openai.calls[0]!.body!;
    expect(openai.calls[0]!.authorization).toBe(`Bearer ${openai.apiKey}`);
    expect(request.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'gap_analysis', strict: true } });
    const prompt = request.messages.map((m) => String(m.content)).join('\n');
    expect(prompt).toContain('Statement of ac-2');
    expect(prompt).toContain('reviewed yearly');
    const usage = await stack.admin.query('select requests, tokens from private.ai_usage where org_id = $1', [org.id]);
    expect(usage.rows).toEqual([{ requests: 1, tokens: '520' }]);
  });

  it('never reads another org’s policy or framework, whatever the body says', async () => {
    const stranger = await registerDevice(stack, other.users.owner, other.id);
    const strangerToken = (await sessionOf(stack, other.users.owner)).token;
    const answer = await analyse(undefined, { device: stranger, token: strangerToken });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'policy_not_found' });
    expect(openai.calls).toHaveLength(0);
  });

  it('refuses a bad body in words and calls nobody', async () => {
    const answer = await analyse({ policyId: 'policy-1', frameworkId: framework });
    expect(answer).toEqual({ status: 400, body: { code: 'bad_request', message: 'policyId must be the uuid of a policy' } });
    expect(openai.calls).toHaveLength(0);
  });

  it('answers 429 rate_limited with Retry-After once the quota is used, without calling OpenAI', async () => {
    const { client } = await sessionOf(stack, org.users.admin);
    const set = await client.rpc('set_ai_quota', {
      p_org_id: org.id,
      p_kind: 'ai',
      p_org_requests: 10,
      p_org_tokens: 100000,
      p_user_requests: 1,
      p_user_tokens: 100000,
    });
    expect(set.error).toBeNull();
    expect((await analyse()).status).toBe(200);
    const refused = await fetch(`${stack.supabaseUrl}/functions/v1/ai-gap-analysis`, {
      method: 'POST',
      ...(() => {
        const s = signed(device, {
          token,
          path: '/functions/v1/ai-gap-analysis',
          body: JSON.stringify({ policyId: policy, frameworkId: framework }),
        });
        return { headers: { apikey: stack.anonKey, ...s.headers }, body: s.body };
      })(),
    });
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/you have used your AI limit/),
    });
    expect(openai.calls).toHaveLength(1);
  });

  it('an outage is 503 ai_unavailable in words after honouring a short retry-after', async () => {
    openai.fail({ status: 429, retryAfterMs: 50 });
    openai.fail({ status: 500, times: 2 });
    const answer = await analyse();
    expect(answer).toEqual({
      status: 503,
      body: { code: 'ai_unavailable', message: 'AI is unavailable: the AI provider had an error (500)' },
    });
    expect(openai.calls.map((c) => c.status)).toEqual([429, 500, 500]);
  });

  it('a refused provider key is 503 in words that never quote the provider', async () => {
    openai.fail({ status: 401, message: 'Incorrect API key provided: sk-stan***' });
    const answer = await analyse();
    expect(answer.status).toBe(503);
    expect(JSON.stringify(answer.body)).not.toContain('sk-');
  });
});

describe('the app: aiGap and aiUsage through the core', () => {
  let officer: AppDevice | undefined;
  let admin: AppDevice | undefined;
  afterAll(async () => {
    await closeDevice(officer);
    await closeDevice(admin);
  });

  it('analyses through deps.functions, drops a made-up id, and says it needs a connection when offline', async () => {
    officer = await signedInDevice(stack, org.users.compliance_officer);
    await settled(officer, 'the first sync');
    openai.script({
      json: {
        findings: [
          {
            control_id: 'ac-1',
            status: 'addresses',
            sentence: 'Access is granted on least privilege and reviewed yearly.',
            explanation: 'x',
          },
          { control_id: 'zz-7', status: 'partly', sentence: 'Invented.', explanation: 'y' },
        ],
      },
    });
    const result = await ok<{ findings: { controlKey: string }[]; dropped: number; notAssessed: string[] }>(
      officer.core,
      'aiGap',
      'analyse',
      {
        policyId: policy,
        frameworkId: framework,
      },
    );
    expect(result.findings.map((f) => f.controlKey)).toEqual(['ac-1']);
    expect(result.dropped).toBe(1);
    expect(result.notAssessed).toEqual(['ac-2', 'ac-3']);

    await officer.link.down();
    const offline = await call(officer.core, 'aiGap', 'analyse', { policyId: policy, frameworkId: framework });
    expect(offline).toMatchObject({
      ok: false,
      error: { code: 'OFFLINE', message: 'Gap analysis needs a connection to your organization.' },
    });
    await officer.link.up();

    openai.fail({ status: 500, times: 3 });
    const down = await call(officer.core, 'aiGap', 'analyse', { policyId: policy, frameworkId: framework });
    expect(down).toMatchObject({ ok: false, error: { message: 'AI is unavailable: the AI provider had an error (500)' } });
    // Local work is never blocked by the AI.
    await ok(officer.core, 'policies', 'create', { title: 'Written while AI was down' });
  });

  it('the local workspace has no AI: the button would say it needs a connection', async () => {
    const core = await startCore(stack, tempDataDir());
    try {
      const answer = await call(core, 'aiGap', 'analyse', { policyId: policy, frameworkId: framework });
      expect(answer).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    } finally {
      core.close();
    }
  });

  it('Settings → AI usage: admins read months and set quotas; others are refused', async () => {
    admin = await signedInDevice(stack, org.users.admin);
    await settled(admin, 'the first sync');
    const quotas = await ok<{ kind: string; userRequests: number; isDefault: boolean }[]>(admin.core, 'aiUsage', 'setQuota', {
      kind: 'ai',
      orgRequests: 500,
      orgTokens: 900000,
      userRequests: 25,
      userTokens: 90000,
      monthlyTokens: null,
    });
    expect(quotas.find((q) => q.kind === 'ai')).toMatchObject({ userRequests: 25, isDefault: false });
    const bad = await call(admin.core, 'aiUsage', 'setQuota', {
      kind: 'ai',
      orgRequests: 5,
      orgTokens: 900000,
      userRequests: 25,
      userTokens: 90000,
      monthlyTokens: null,
    });
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringMatching(/cannot be above the organization/) } });
    await stack.admin.query(
      "insert into private.ai_usage (org_id, user_id, kind, window_start, requests, tokens) values ($1, $2, 'ai', now(), 3, 2400)",
      [org.id, org.users.viewer.id],
    );
    const months = await ok<{ kind: string; requests: number; tokens: number }[]>(admin.core, 'aiUsage', 'months');
    expect(months[0]).toMatchObject({ kind: 'ai', requests: 3, tokens: 2400 });
    const refused = await call(officer!.core, 'aiUsage', 'months');
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
