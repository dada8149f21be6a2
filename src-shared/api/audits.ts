/** The audits namespace: audits, their scope and per-control test results during fieldwork. */
import { z } from 'zod';
import {
  Audit,
  AuditCreateInput,
  AuditListInput,
  AuditListOutput,
  AuditResult,
  AuditSummary,
  AuditUpdateInput,
  ControlOption,
  FrameworkOption,
  RecordResultInput,
  ScopeControl,
  ScopeInput,
  ScopeOutput,
  SearchControlsInput,
} from '../domain/audit';
import { ClosingCheck, ReopenInput } from '../domain/audit-close';
import { Id } from '../domain/common';
import { method } from './define';

export const auditsApi = {
  list: method(AuditListInput, AuditListOutput),
  get: method(z.strictObject({ id: Id }), AuditSummary),
  create: method(AuditCreateInput, Audit),
  update: method(AuditUpdateInput, Audit),
  /** What closing would leave untested and open: asked before closing. */
  closingCheck: method(z.strictObject({ id: Id }), ClosingCheck),
  /** Reopens a closed audit (back to reporting) with a reason, kept in the audit trail. */
  reopen: method(ReopenInput, Audit),
  /** Tombstones the audit; its results and findings stay in the replica but leave every list. */
  delete: method(z.strictObject({ id: Id }), z.object({ id: Id })),
  /** The controls in scope, in catalog order, with each one's recorded result and counts. */
  scope: method(ScopeInput, ScopeOutput),
  /** One control in scope with its statement and guidance (the fieldwork detail pane). */
  scopeControl: method(z.strictObject({ auditId: Id, controlId: Id }), ScopeControl),
  /** Where a control sits in the scope's catalog order (0-based), to open fieldwork on it. */
  scopePosition: method(z.strictObject({ auditId: Id, controlId: Id }), z.object({ index: z.int() })),
  /** Upserts the result and/or notes for one control in scope. */
  recordResult: method(RecordResultInput, AuditResult),
  /** Frameworks a new audit can be scoped to, with their control counts. */
  frameworkOptions: method(z.strictObject({}), z.object({ items: z.array(FrameworkOption) })),
  /** Full-text search over controls, for scoping an audit to chosen controls. */
  searchControls: method(SearchControlsInput, z.object({ items: z.array(ControlOption), total: z.int() })),
};
