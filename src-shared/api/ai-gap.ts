import { z } from 'zod';
import { method } from './define';

/** One control as the gap analysis judged it, with the policy sentence it relies on. */
export const GapFinding = z.object({
  controlId: z.string(),
  controlKey: z.string(),
  label: z.string(),
  title: z.string(),
  status: z.enum(['addresses', 'partly', 'misses']),
  sentence: z.string().nullable(),
  /** Whether the sentence is found word for word in the policy. */
  quoted: z.boolean(),
  explanation: z.string(),
});
export type GapFinding = z.infer<typeof GapFinding>;

export const GapResult = z.object({
  findings: z.array(GapFinding),
  /** Cited control ids the framework does not have: dropped, never shown. */
  dropped: z.int().min(0),
  /** Control keys the answer said nothing about. */
  notAssessed: z.array(z.string()),
  frameworkTitle: z.string(),
  model: z.string(),
});
export type GapResult = z.infer<typeof GapResult>;

export const GapInput = z.strictObject({ policyId: z.uuid(), frameworkId: z.uuid() });

/**
 * AI gap analysis (edge function ai-gap-analysis, signed): which controls of a framework a policy
 * addresses, partly addresses or misses. Needs a connection; the server reads both texts.
 */
export const aiGapApi = {
  analyse: method(GapInput, GapResult),
};

// bigint columns may arrive as JSON numbers (PostgREST) or strings: both are read as numbers.
const count = z.coerce.number().int().min(0);

export const AiKind = z.enum(['ai', 'voice']);
export const AiQuota = z.object({
  kind: AiKind,
  windowSeconds: count,
  orgRequests: count,
  orgTokens: count,
  userRequests: count,
  userTokens: count,
  /** Tokens (voice: characters) per calendar month for the whole org; null: no cap. */
  monthlyTokens: count.nullable(),
  isDefault: z.boolean(),
});
export type AiQuota = z.infer<typeof AiQuota>;

export const AiUsageMonth = z.object({
  month: z.string(),
  kind: AiKind,
  requests: count,
  tokens: count,
  users: count,
});
export type AiUsageMonth = z.infer<typeof AiUsageMonth>;

const limit = z.int().min(0).max(1_000_000_000);
export const SetAiQuotaInput = z.strictObject({
  kind: AiKind,
  orgRequests: limit,
  orgTokens: limit,
  userRequests: limit,
  userTokens: limit,
  monthlyTokens: limit.nullable(),
});

/** Settings → AI usage (owners and admins of the open organization): usage per month and quotas. */
export const aiUsageApi = {
  months: method(z.strictObject({}), z.array(AiUsageMonth)),
  quotas: method(z.strictObject({}), z.array(AiQuota)),
  setQuota: method(SetAiQuotaInput, z.array(AiQuota)),
};
