/**
 * The aiUsage namespace (Settings → AI usage): usage per month and the org's quotas, straight from
 * the server's owner/admin RPCs (the server refuses everyone else). Needs a connection.
 */
import { z } from 'zod';
import type { ApiHandlers } from '../../../../src-shared/api';
import { AiQuota, AiUsageMonth } from '../../../../src-shared/api/ai-gap';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import type { CoreDeps } from '../../deps';

const QuotaRows = z.array(
  z
    .object({
      kind: z.string(),
      window_seconds: z.unknown(),
      org_requests: z.unknown(),
      org_tokens: z.unknown(),
      user_requests: z.unknown(),
      user_tokens: z.unknown(),
      monthly_tokens: z.unknown(),
      is_default: z.boolean(),
    })
    .transform((r) => ({
      kind: r.kind,
      windowSeconds: r.window_seconds,
      orgRequests: r.org_requests,
      orgTokens: r.org_tokens,
      userRequests: r.user_requests,
      userTokens: r.user_tokens,
      monthlyTokens: r.monthly_tokens,
      isDefault: r.is_default,
    }))
    .pipe(AiQuota),
);

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new AppError(ErrorCode.BadServerAnswer, 'The server answered AI usage in a form the app cannot read.');
  return parsed.data;
}

export function aiUsageHandlers(deps: CoreDeps): ApiHandlers['aiUsage'] {
  const rpc = (name: string, args: Record<string, unknown>) => {
    if (!deps.sync) throw new AppError(ErrorCode.Offline, 'AI usage belongs to an organization: open one to see it.');
    return deps.sync.rpc(name, args);
  };
  const quotas = async () => parse(QuotaRows, await rpc('ai_quotas', { p_org_id: deps.orgId }));
  return {
    months: async () => parse(z.array(AiUsageMonth), await rpc('ai_usage_by_month', { p_org_id: deps.orgId, p_months: 12 })),
    quotas,
    setQuota: async (input) => {
      await rpc('set_ai_quota', {
        p_org_id: deps.orgId,
        p_kind: input.kind,
        p_org_requests: input.orgRequests,
        p_org_tokens: input.orgTokens,
        p_user_requests: input.userRequests,
        p_user_tokens: input.userTokens,
        p_monthly_tokens: input.monthlyTokens,
      });
      return quotas();
    },
  };
}
