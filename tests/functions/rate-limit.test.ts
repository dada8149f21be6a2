// _shared/rate-limit.ts under Deno with the service-role client faked: what it asks the counter,
// and the 429 it makes of a refusal. The counter itself is tested against Postgres in
// tests/integration/functions/ai-gap-rate-limit.test.ts.
import {
  consume,
  estimateTokens,
  RateLimited,
  recordUsage,
  type UsageCaller,
} from '../../supabase/functions/_shared/rate-limit.ts';

function assertEquals(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message} expected ${e}, got ${a}`);
}

function fakeCaller(answer: { data: unknown; error: { message: string } | null }) {
  const calls: { fn: string; args: Record<string, unknown> }[] = [];
  const caller: UsageCaller = {
    userId: 'u1',
    orgId: 'o1',
    admin: {
      rpc(fn, args) {
        calls.push({ fn, args });
        return Promise.resolve(answer);
      },
    },
  };
  return { caller, calls };
}

Deno.test('consume asks the counter for the verified user and org, and returns when allowed', async () => {
  const { caller, calls } = fakeCaller({ data: { allowed: true }, error: null });
  await consume(caller, { kind: 'ai', estimateTokens: 120.2 });
  assertEquals(calls, [{ fn: 'ai_consume', args: { p_org_id: 'o1', p_user_id: 'u1', p_kind: 'ai', p_estimate: 121 } }]);
});

Deno.test('a refusal is RateLimited, answered as 429 rate_limited with Retry-After', async () => {
  const { caller } = fakeCaller({
    data: { allowed: false, scope: 'user', retry_after_seconds: 42, message: 'you have used your AI limit for now' },
    error: null,
  });
  let limited: RateLimited | undefined;
  try {
    await consume(caller, { kind: 'ai', estimateTokens: 10 });
  } catch (error) {
    limited = error as RateLimited;
  }
  assertEquals(limited instanceof RateLimited, true);
  assertEquals([limited!.retryAfterSeconds, limited!.scope], [42, 'user']);
  const response = limited!.response();
  assertEquals(response.status, 429);
  assertEquals(response.headers.get('retry-after'), '42');
  assertEquals(await response.json(), {
    code: 'rate_limited',
    message: 'you have used your AI limit for now',
    retry_after_seconds: 42,
  });
});

Deno.test('a failing counter is an error (the request is not let through), a bad estimate is refused', async () => {
  const { caller } = fakeCaller({ data: null, error: { message: 'connection refused' } });
  let message = '';
  try {
    await consume(caller, { kind: 'ai', estimateTokens: 1 });
  } catch (error) {
    message = (error as Error).message;
  }
  assertEquals(message, 'the usage counter failed: connection refused');
  const { caller: fine, calls } = fakeCaller({ data: { allowed: true }, error: null });
  try {
    await consume(fine, { kind: 'ai', estimateTokens: -1 });
    message = '';
  } catch (error) {
    message = (error as Error).message;
  }
  assertEquals(message, 'estimateTokens must be a number of zero or more');
  assertEquals(calls.length, 0);
});

Deno.test('recordUsage counts tokens for AI and characters for voice', async () => {
  const { caller, calls } = fakeCaller({ data: null, error: null });
  await recordUsage(caller, { kind: 'ai', tokens: 300 });
  await recordUsage(caller, { kind: 'voice', tokens: 0, characters: 812 });
  assertEquals(
    calls.map((c) => [c.fn, c.args.p_kind, c.args.p_tokens]),
    [
      ['ai_record_usage', 'ai', 300],
      ['ai_record_usage', 'voice', 812],
    ],
  );
  assertEquals(estimateTokens('abcd', 'efghi'), 3);
});
