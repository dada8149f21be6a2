import { z } from 'zod';
import { Id, IsoDateTime } from './common';

/**
 * The synced tables whose records have a trail. A fixed list: the table name in a request is
 * checked against it and never reaches SQL as text. (A unit test keeps it equal to the
 * replica's synced tables.)
 */
export const TrailTable = z.enum([
  'policies',
  'frameworks',
  'controls',
  'control_implementations',
  'policy_revisions',
  'policy_controls',
  'evidence',
  'evidence_controls',
  'audits',
  'audit_scope',
  'audit_results',
  'findings',
]);
export type TrailTable = z.infer<typeof TrailTable>;

export const TrailAction = z.enum(['create', 'update', 'delete']);

export const TrailFieldChange = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type TrailFieldChange = z.infer<typeof TrailFieldChange>;

export const TrailEventView = z.object({
  seq: z.int(),
  id: Id,
  recordTable: z.string(),
  recordId: z.string(),
  action: TrailAction,
  actor: z.string(),
  at: IsoDateTime,
  /** Each changed field, before → after (before is null for a create). */
  changes: z.array(TrailFieldChange),
});
export type TrailEventView = z.infer<typeof TrailEventView>;

export const TrailForRecordInput = z.strictObject({
  table: TrailTable,
  id: Id,
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(500).default(100),
});

export const TrailForRecordOutput = z.object({
  /** Newest first. */
  events: z.array(TrailEventView),
  total: z.int(),
});

export const TrailVerifyInput = z.strictObject({
  /** Progress is reported as job.progress events under this id. */
  jobId: z.string().max(100).optional(),
});

export const TrailProblem = z.object({ seq: z.int(), problem: z.string() });
export type TrailProblem = z.infer<typeof TrailProblem>;

/** One other device's chain of events (pulled in an organization), checked like the local one. */
export const TrailChainReport = z.object({
  deviceId: Id,
  events: z.int(),
  ok: z.boolean(),
  /** Where the chain first breaks (an edited, missing or out-of-place event). */
  firstBadSeq: z.int().optional(),
  /** In words: "12 events, chain intact", or what is wrong at firstBadSeq. */
  message: z.string(),
});
export type TrailChainReport = z.infer<typeof TrailChainReport>;

export const TrailVerifyOutput = z.object({
  events: z.int(),
  problems: z.array(TrailProblem),
  /** Other devices' chains, in an organization that has pulled some (absent in the local workspace). */
  chains: z.array(TrailChainReport).optional(),
});
export type TrailVerifyOutput = z.infer<typeof TrailVerifyOutput>;
