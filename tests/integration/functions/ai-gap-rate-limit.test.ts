// The AI counters and quotas in the real PostgreSQL 15, called as the functions call them
// (supabase-js with the service role) and as the app calls the admin RPCs (a member's session).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, supabaseClient, type Stack } from '../../support/stack';

let stack: Stack;
let org: SeededOrg;
let other: SeededOrg;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Acme');
  other = await seedOrg(stack, 'Other');
}, 120_000);
afterAll(() => stack?.stop());

// bigint columns: PostgREST answers them as JSON numbers, the gateway stand-in as strings (pg's
// default); the app reads both (z.coerce), so the test compares numbers.
const numbers = (rows: unknown) =>
  (rows as Record<string, unknown>[]).map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v])),
  );

const service = () => supabaseClient(stack.supabaseUrl, stack.serviceRoleKey);
const consume = (orgId: string, userId: string, estimate: number, kind = 'ai') =>
  service().rpc('ai_consume', { p_org_id: orgId, p_user_id: userId, p_kind: kind, p_estimate: estimate });
const record = (orgId: string, userId: string, tokens: number, kind = 'ai') =>
  service().rpc('ai_record_usage', { p_org_id: orgId, p_user_id: userId, p_kind: kind, p_tokens: tokens });

async function setQuota(
  as: SeededOrg['users']['owner'],
  orgId: string,
  q: { orgRequests: number; orgTokens: number; userRequests: number; userTokens: number; monthly?: number | null },
  kind = 'ai',
) {
  const client = await stack.client(as);
  return client.rpc('set_ai_quota', {
    p_org_id: orgId,
    p_kind: kind,
    p_org_requests: q.orgRequests,
    p_org_tokens: q.orgTokens,
    p_user_requests: q.userRequests,
    p_user_tokens: q.userTokens,
    p_monthly_tokens: q.monthly ?? null,
  });
}

describe('AI counters and quotas', () => {
  it('counts requests per user and per org in the window and refuses past the quota with a wait', async () => {
    expect(
      (await setQuota(org.users.admin, org.id, { orgRequests: 3, orgTokens: 1000, userRequests: 2, userTokens: 500 })).error,
    ).toBeNull();
    const officer = org.users.compliance_officer.id;
    for (let i = 0; i < 2; i++) expect((await consume(org.id, officer, 10)).data).toEqual({ allowed: true });
    const third = (await consume(org.id, officer, 10)).data as Record<string, unknown>;
    expect(third).toMatchObject({ allowed: false, scope: 'user' });
    expect(third.retry_after_seconds).toBeGreaterThanOrEqual(1);
    expect(third.retry_after_seconds).toBeLessThanOrEqual(3600);
    expect(third.message).toMatch(/you have used your AI limit for now \(2 requests, 500 tokens per 1 hour\); try again in/);
    // Another member still has room until the org's 3 requests are used.
    expect((await consume(org.id, org.users.viewer.id, 10)).data).toEqual({ allowed: true });
    expect((await consume(org.id, org.users.auditor.id, 10)).data).toMatchObject({ allowed: false, scope: 'org' });
    // The other org has its own (default) counters.
    expect((await consume(other.id, other.users.viewer.id, 10)).data).toEqual({ allowed: true });
    const rows = await stack.admin.query(
      'select user_id, requests from private.ai_usage where org_id = $1 order by requests desc, user_id',
      [org.id],
    );
    expect(rows.rows.map((r) => r.requests)).toEqual([2, 1]);
  });

  it('refuses a request whose estimate would pass the token limit, counting recorded tokens', async () => {
    await stack.admin.query('delete from private.ai_usage where org_id = $1', [org.id]);
    await setQuota(org.users.owner, org.id, { orgRequests: 100, orgTokens: 1000, userRequests: 100, userTokens: 400 });
    const officer = org.users.compliance_officer.id;
    expect((await consume(org.id, officer, 300)).data).toEqual({ allowed: true });
    expect((await record(org.id, officer, 350)).error).toBeNull();
    expect((await consume(org.id, officer, 100)).data).toMatchObject({ allowed: false, scope: 'user' });
    expect((await consume(org.id, officer, 50)).data).toEqual({ allowed: true });
  });

  it('a monthly cap refuses until the next month, and says an admin can raise it', async () => {
    await stack.admin.query('delete from private.ai_usage where org_id = $1', [org.id]);
    await setQuota(org.users.owner, org.id, {
      orgRequests: 100,
      orgTokens: 10000,
      userRequests: 100,
      userTokens: 10000,
      monthly: 500,
    });
    const officer = org.users.compliance_officer.id;
    await consume(org.id, officer, 10);
    await record(org.id, officer, 480);
    const refused = (await consume(org.id, officer, 40)).data as Record<string, unknown>;
    expect(refused).toMatchObject({ allowed: false, scope: 'month' });
    expect(refused.message).toMatch(/quota for this month \(500 tokens\); an admin can raise it in Settings → AI usage/);
    expect(refused.retry_after_seconds).toBeGreaterThan(0);
  });

  it('concurrent requests never take more than the quota', async () => {
    await stack.admin.query('delete from private.ai_usage where org_id = $1', [org.id]);
    await setQuota(org.users.owner, org.id, { orgRequests: 5, orgTokens: 100000, userRequests: 5, userTokens: 100000 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => consume(org.id, org.users.viewer.id, 1)));
    const allowed = answers.filter((a) => (a.data as { allowed: boolean }).allowed);
    expect(allowed).toHaveLength(5);
  });

  it('only the service role counts; a member cannot call the counters', async () => {
    const client = await stack.client(org.users.owner);
    const { error } = await client.rpc('ai_consume', {
      p_org_id: org.id,
      p_user_id: org.users.owner.id,
      p_kind: 'ai',
      p_estimate: 1,
    });
    expect(error?.message).toMatch(/permission denied/);
    const reset = await client.rpc('ai_record_usage', {
      p_org_id: org.id,
      p_user_id: org.users.owner.id,
      p_kind: 'ai',
      p_tokens: 0,
    });
    expect(reset.error?.message).toMatch(/permission denied/);
  });

  it('refuses bad input in words and a user who is not a member', async () => {
    expect((await consume(org.id, org.users.viewer.id, -5)).error?.message).toBe('the estimate must be between 0 and 10000000');
    expect((await consume(org.id, org.users.viewer.id, 1, 'video')).error?.message).toBe('kind must be ai or voice');
    expect((await consume(org.id, other.users.viewer.id, 1)).error?.message).toBe(
      'this user is not a member of the organization',
    );
    expect((await record(org.id, org.users.viewer.id, -1)).error?.message).toBe('tokens must be between 0 and 10000000');
  });

  it('owners and admins set and read quotas; other roles and other orgs are refused; bad quotas are refused in words', async () => {
    for (const role of ['compliance_officer', 'auditor', 'viewer'] as const) {
      const { error } = await setQuota(org.users[role], org.id, { orgRequests: 1, orgTokens: 1, userRequests: 1, userTokens: 1 });
      expect(error?.message).toBe('only an owner or admin can change the AI quotas');
      const read = await (await stack.client(org.users[role])).rpc('ai_quotas', { p_org_id: org.id });
      expect(read.error?.message).toBe('only an owner or admin can see the AI quotas');
    }
    const foreign = await setQuota(other.users.owner, org.id, { orgRequests: 1, orgTokens: 1, userRequests: 1, userTokens: 1 });
    expect(foreign.error?.message).toBe('only an owner or admin can change the AI quotas');
    const tooHigh = await setQuota(org.users.admin, org.id, {
      orgRequests: 10,
      orgTokens: 100,
      userRequests: 20,
      userTokens: 10,
    });
    expect(tooHigh.error?.message).toBe("a person's limit cannot be above the organization's");
    const negative = await setQuota(org.users.admin, org.id, {
      orgRequests: -1,
      orgTokens: 100,
      userRequests: 0,
      userTokens: 10,
    });
    expect(negative.error?.message).toBe('quotas are whole numbers of zero or more');

    await setQuota(org.users.admin, org.id, {
      orgRequests: 40,
      orgTokens: 9000,
      userRequests: 4,
      userTokens: 900,
      monthly: 50000,
    });
    const { data } = await (await stack.client(org.users.admin)).rpc('ai_quotas', { p_org_id: org.id });
    expect(numbers(data)).toEqual([
      expect.objectContaining({
        kind: 'ai',
        org_requests: 40,
        org_tokens: 9000,
        user_requests: 4,
        user_tokens: 900,
        monthly_tokens: 50000,
        is_default: false,
      }),
      expect.objectContaining({ kind: 'voice', is_default: true }),
    ]);
  });

  it('usage per month for owners and admins: requests, tokens and people', async () => {
    await stack.admin.query('delete from private.ai_usage where org_id = $1', [org.id]);
    await stack.admin.query(
      `insert into private.ai_usage (org_id, user_id, kind, window_start, requests, tokens) values
         ($1, $2, 'ai', date_trunc('month', now()) - interval '1 month' + interval '3 days', 4, 1200),
         ($1, $3, 'ai', date_trunc('month', now()) - interval '1 month' + interval '5 days', 1, 300),
         ($1, $2, 'voice', date_trunc('month', now()) - interval '1 month' + interval '5 days', 2, 900)`,
      [org.id, org.users.viewer.id, org.users.auditor.id],
    );
    await setQuota(org.users.owner, org.id, { orgRequests: 100, orgTokens: 100000, userRequests: 100, userTokens: 100000 });
    await consume(org.id, org.users.viewer.id, 10);
    await record(org.id, org.users.viewer.id, 70);
    const { data, error } = await (await stack.client(org.users.owner)).rpc('ai_usage_by_month', { p_org_id: org.id });
    expect(error).toBeNull();
    const rows = numbers(data) as { month: string; kind: string; requests: number; tokens: number; users: number }[];
    expect(rows.map((r) => [r.kind, r.requests, r.tokens, r.users])).toEqual([
      ['ai', 1, 70, 1],
      ['ai', 5, 1500, 2],
      ['voice', 2, 900, 1],
    ]);
    expect(rows[0]!.month > rows[1]!.month).toBe(true);
    const viewer = await (await stack.client(org.users.viewer)).rpc('ai_usage_by_month', { p_org_id: org.id });
    expect(viewer.error?.message).toBe('only an owner or admin can see AI usage');
  });
});
