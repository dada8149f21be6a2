// POST /functions/v1/ai-gap-analysis {policyId, frameworkId}: which controls of the framework the
// policy addresses, partly addresses or misses. Reads both as the caller (RLS), never from the
// body; counts against the org's AI quota; made-up control ids are dropped and counted.
import type { Caller } from '../_shared/guard.ts';
import { json } from '../_shared/http.ts';
import { AiUnavailable, aiUnavailableResponse, openaiClient, openaiModel, withRetryAfter } from '../_shared/openai.ts';
import { consume, estimateTokens, RateLimited, recordUsage } from '../_shared/rate-limit.ts';
import { checkFindings, gapMessages, MAX_CONTROLS, responseFormat, type ControlText } from './gap.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readRequest(bytes: Uint8Array): { policyId: string; frameworkId: string } | string {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return 'send a JSON body {"policyId": "…", "frameworkId": "…"}';
  }
  const { policyId, frameworkId } = (body ?? {}) as Record<string, unknown>;
  if (typeof policyId !== 'string' || !UUID.test(policyId)) return 'policyId must be the uuid of a policy';
  if (typeof frameworkId !== 'string' || !UUID.test(frameworkId)) return 'frameworkId must be the uuid of a framework';
  return { policyId, frameworkId };
}

export async function gapAnalysis(req: Request, caller: Caller, env = Deno.env): Promise<Response> {
  if (req.method !== 'POST') return json(405, { code: 'method_not_allowed', message: 'use POST' });
  const input = readRequest(caller.body);
  if (typeof input === 'string') return json(400, { code: 'bad_request', message: input });

  const policies = await caller.db.rpc('ai_gap_policy', { p_org_id: caller.orgId, p_policy_id: input.policyId });
  if (policies.error) return json(502, { code: 'database_unavailable', message: 'the database did not answer the policy' });
  const policy = (policies.data as { title: string; body: string }[])[0];
  if (!policy)
    return json(404, { code: 'policy_not_found', message: 'no such policy in this organization (or it is not visible to you)' });
  const controlRows = await caller.db.rpc('ai_gap_controls', { p_org_id: caller.orgId, p_framework_id: input.frameworkId });
  if (controlRows.error) return json(502, { code: 'database_unavailable', message: 'the database did not answer the controls' });
  const controls = controlRows.data as (ControlText & { framework_title: string })[];
  if (controls.length === 0) {
    return json(404, { code: 'framework_not_found', message: 'no such framework with controls in this organization' });
  }
  if (controls.length > MAX_CONTROLS) {
    return json(422, {
      code: 'too_many_controls',
      message: `this framework has ${controls.length} controls; gap analysis takes at most ${MAX_CONTROLS} at once`,
    });
  }
  if (policy.body.trim() === '') return json(422, { code: 'empty_policy', message: 'the policy has no text to analyse yet' });

  const messages = gapMessages(policy, controls[0]!.framework_title, controls);
  try {
    await consume(caller, {
      kind: 'ai',
      estimateTokens: estimateTokens(...messages.map((m) => m.content)) + 60 * controls.length,
    });
  } catch (error) {
    if (error instanceof RateLimited) return error.response();
    throw error;
  }
  const model = openaiModel(env);
  let completion;
  try {
    const client = openaiClient(env);
    completion = await withRetryAfter(() =>
      client.chat.completions.create({ model, messages, response_format: responseFormat, temperature: 0 }),
    );
  } catch (error) {
    if (error instanceof AiUnavailable) return aiUnavailableResponse(error);
    throw error;
  }
  await recordUsage(caller, { kind: 'ai', tokens: completion.usage?.total_tokens ?? 0 });
  const choice = completion.choices[0];
  let parsed: unknown;
  try {
    if (choice?.finish_reason !== 'stop' || !choice.message.content) throw new Error('incomplete');
    parsed = JSON.parse(choice.message.content);
    const result = checkFindings(parsed, controls, policy.body);
    return json(200, { ...result, model: completion.model, frameworkTitle: controls[0]!.framework_title });
  } catch {
    return json(502, { code: 'ai_bad_answer', message: 'AI is unavailable: its answer could not be read; try again' });
  }
}
