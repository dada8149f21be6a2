/**
 * The organization profile (name, industry, size, systems), read from and written to the server
 * through its two RPCs (org_profile, set_org_profile). It is not replicated: the profile is the
 * context of AI drafts, which need a connection anyway. The server checks membership and role;
 * the router already refused a role that may not edit.
 */
import { z } from 'zod';
import type { ApiHandlers } from '../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { OrgSize, type OrgProfile } from '../../../src-shared/domain/org-profile';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { CoreDeps } from '../deps';

/** The RPC's answer, as the server spells it. */
const ServerProfile = z.object({
  org_id: z.string(),
  name: z.string(),
  industry: z.string(),
  size: OrgSize,
  systems: z.array(z.string()),
  updated_at: z.string().nullable(),
  updated_by: z.string().nullable(),
});

export function parseServerProfile(value: unknown): OrgProfile {
  const parsed = ServerProfile.safeParse(value);
  if (!parsed.success)
    throw new AppError(ErrorCode.BadServerAnswer, 'The server answered with an organization profile the app cannot read.');
  const p = parsed.data;
  return {
    orgId: p.org_id,
    name: p.name,
    industry: p.industry,
    size: p.size,
    systems: p.systems,
    updatedAt: p.updated_at === null ? null : new Date(p.updated_at).toISOString(),
    updatedBy: p.updated_by,
  };
}

export function orgProfileHandlers(deps: Pick<CoreDeps, 'orgId' | 'sync'>): ApiHandlers['orgProfile'] {
  const rpc = (name: string, args: Record<string, unknown>) => {
    if (deps.orgId === LOCAL_ORG_ID || !deps.sync) {
      throw new AppError(
        ErrorCode.InvalidInput,
        'The local workspace has no organization profile: connect to your organization first.',
      );
    }
    return deps.sync.rpc(name, args);
  };
  return {
    async get() {
      if (deps.orgId === LOCAL_ORG_ID) return null;
      return parseServerProfile(await rpc('org_profile', { p_org_id: deps.orgId }));
    },
    async update(input) {
      return parseServerProfile(
        await rpc('set_org_profile', {
          p_org_id: deps.orgId,
          p_name: input.name,
          p_industry: input.industry,
          p_size: input.size,
          p_systems: input.systems,
        }),
      );
    },
  };
}
