// The app's reading of ai-gap-analysis answers, with a FunctionCaller that answers as the
// function does: every refusal becomes an AppError in words, an unreadable answer is refused.
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { analyseGaps } from '../../../../src-main/core/ai/gap/gap-client';
import type { FunctionCaller } from '../../../../src-main/core/functions/function-caller';

const input = { policyId: '0b9b1d4e-3f0a-4c57-9d5e-2a6a4f1c7e11', frameworkId: '5c2f7a90-1d3b-4e8f-a6c4-9b0e2d7f3a55' };
const answering = (response: Response | Error): FunctionCaller & { calls: unknown[] } => {
  const calls: unknown[] = [];
  return {
    calls,
    call: async (request) => {
      calls.push(request);
      if (response instanceof Error) throw response;
      return response;
    },
  };
};
const failure = async (functions: FunctionCaller | undefined) =>
  analyseGaps(functions, input).then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: AppError) => ({ code: error.code, message: error.message }),
  );

describe('analyseGaps', () => {
  it('signs one POST to ai-gap-analysis with the ids and reads the result', async () => {
    const result = { findings: [], dropped: 2, notAssessed: ['ac-1'], frameworkTitle: 'NIST', model: 'gpt-4o-mini' };
    const functions = answering(Response.json(result));
    expect(await analyseGaps(functions, input)).toEqual(result);
    expect(functions.calls).toEqual([{ name: 'ai-gap-analysis', body: input }]);
  });

  it('needs a connection: the local workspace and an offline caller say so', async () => {
    expect(await failure(undefined)).toEqual({
      code: ErrorCode.Offline,
      message: 'Gap analysis needs a connection to your organization.',
    });
    const offline = answering(new AppError(ErrorCode.Offline, 'example.supabase.co cannot be reached; this needs a connection.'));
    expect(await failure(offline)).toEqual({
      code: ErrorCode.Offline,
      message: 'Gap analysis needs a connection to your organization.',
    });
  });

  it('a rate limit, an outage and a refused body come back in the function’s words', async () => {
    const limited = new Response(JSON.stringify({ code: 'rate_limited', message: 'you have used your AI limit for now' }), {
      status: 429,
      headers: { 'retry-after': '120' },
    });
    expect(await failure(answering(limited))).toEqual({
      code: ErrorCode.Conflict,
      message: 'AI limit reached: you have used your AI limit for now (try again in 2 min)',
    });
    const down = Response.json(
      { code: 'ai_unavailable', message: 'AI is unavailable: the AI provider had an error (500)' },
      { status: 503 },
    );
    expect(await failure(answering(down))).toEqual({
      code: ErrorCode.Internal,
      message: 'AI is unavailable: the AI provider had an error (500)',
    });
    const gateway = new Response('<html>bad gateway</html>', { status: 502 });
    expect(await failure(answering(gateway))).toEqual({
      code: ErrorCode.Internal,
      message: 'AI is unavailable: the server answered 502',
    });
    const missing = Response.json({ code: 'policy_not_found', message: 'no such policy' }, { status: 404 });
    expect(await failure(answering(missing))).toEqual({ code: ErrorCode.NotFound, message: 'no such policy' });
  });

  it('refuses an answer that is not a gap result (a made-up shape is never shown)', async () => {
    const odd = Response.json({ findings: [{ controlId: 1 }], dropped: 0 });
    expect(await failure(answering(odd))).toEqual({
      code: ErrorCode.BadServerAnswer,
      message: 'The gap analysis answer could not be read.',
    });
  });
});
