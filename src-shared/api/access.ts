/**
 * The permission every method needs, for every method of the API map. The type makes the list
 * complete: a new method does not compile until someone decides who may call it. The router checks
 * it before a handler runs; the renderer asks the same `can()` before it offers a control.
 */
import type { Permission } from '../domain/permissions';
import type { Api } from './index';

/** A fixed permission, or one chosen from the validated input (evidence captured in an audit). */
export type Access = Permission | ((input: never) => Permission);

type AccessMap = { readonly [N in keyof Api]: { readonly [M in keyof Api[N]]: Access } };

const fieldworkIfInAudit = (input: { auditId?: string | null }): Permission =>
  input.auditId ? 'audits.fieldwork' : 'records.write';

const restoreFromTrash = (input: { kind: string }): Permission => (input.kind === 'audit' ? 'audits.plan' : 'records.write');

export const access = {
  app: {
    workspace: 'read',
    profile: 'read',
    updateProfile: 'read',
    fileActions: 'read',
    appearance: 'read',
    setAppearance: 'device',
  },
  account: {
    status: 'read',
    connect: 'read',
    useLocal: 'read',
    signIn: 'read',
    verifyMfa: 'read',
    signOut: 'read',
    selectOrganization: 'read',
    members: 'read',
    enrollTotp: 'read',
    confirmTotp: 'read',
    removeTotp: 'read',
    acceptSecretRisk: 'read',
    removeThisComputer: 'read',
    exportPending: 'read',
    bringLocalWorkspace: 'read',
    setRequireMfa: 'org.admin',
    setAllowSelfApproval: 'org.admin',
    dismissNotice: 'read',
  },
  policies: {
    list: 'read',
    get: 'read',
    create: 'records.write',
    update: 'records.write',
    delete: 'records.write',
    restore: 'records.write',
    submitForReview: 'records.write',
    approve: 'policies.approve',
    publish: 'policies.approve',
    returnToDraft: 'records.write',
    revisions: 'read',
    revision: 'read',
    publishedRevision: 'read',
    diff: 'read',
    linkControl: 'records.write',
    unlinkControl: 'records.write',
    linkedControls: 'read',
    searchControls: 'read',
  },
  frameworks: {
    list: 'read',
    get: 'read',
    listShipped: 'read',
    importShipped: 'records.write',
    importFile: 'records.write',
    archive: 'records.write',
    delete: 'records.write',
  },
  controls: { list: 'read', get: 'read', update: 'records.write' },
  evidence: {
    // Staging writes only a private copy on this computer, but is offered to whoever may add.
    chooseFile: fieldworkIfInAudit,
    stageDropped: fieldworkIfInAudit,
    beginUpload: fieldworkIfInAudit,
    discardStaged: 'read',
    add: fieldworkIfInAudit,
    replaceFile: 'records.write',
    list: 'read',
    get: 'read',
    update: 'records.write',
    delete: 'records.write',
    restore: 'records.write',
    linkControl: 'records.write',
    unlinkControl: 'records.write',
    content: 'read',
    settings: 'read',
    updateSettings: 'device',
    searchControls: 'read',
    // Copies out to the person at the keyboard: reading, not changing, the record.
    sameFile: 'read',
    download: 'read',
    openOriginal: 'read',
    saveCopy: 'read',
  },
  audits: {
    list: 'read',
    get: 'read',
    create: 'audits.plan',
    update: 'audits.plan',
    closingCheck: 'read',
    reopen: 'audits.plan',
    delete: 'audits.plan',
    scope: 'read',
    scopeControl: 'audits.plan',
    recordResult: 'audits.fieldwork',
    frameworkOptions: 'read',
    searchControls: 'read',
    scopePosition: 'read',
  },
  findings: {
    list: 'read',
    get: 'read',
    create: 'audits.fieldwork',
    update: 'audits.fieldwork',
    delete: 'audits.fieldwork',
  },
  trail: { forRecord: 'read', verify: 'read' },
  database: { health: 'read', checkIntegrity: 'device' },
  sync: {
    status: 'read',
    outbox: 'read',
    retryNow: 'read',
    // Only the person's own refused changes are in this replica's outbox.
    discard: 'read',
    exportRejected: 'read',
    conflicts: 'read',
    resolveConflict: 'records.write',
    overrides: 'read',
    preferences: 'read',
    setPreferences: 'device',
  },
  // Restoring an audit from the Trash is planning it; everything else in the Trash is a record.
  trash: { list: 'read', restore: restoreFromTrash, empty: 'records.write' },
  // Any member revokes their own computer (a lost laptop); the server lets only owners and
  // admins revoke another member's.
  devices: { list: 'read', revoke: 'read' },
  dashboard: { summary: 'read' },
  orgProfile: { get: 'read', update: 'org.admin' },
  // Drafting writes nothing until save; starting one is offered to those who may edit policies.
  aiDraft: { start: 'records.write', cancel: 'read', save: 'records.write' },
  search: { all: 'read' },
  exports: { auditPackage: 'read', download: 'read', saveAs: 'read', showInFolder: 'read' },
  // Every member may listen; only owners and admins train or delete the org voice (the server checks too).
  voice: { summary: 'read', audio: 'read', orgVoice: 'read', train: 'org.admin', deleteOrgVoice: 'org.admin' },
  // Anyone who can read the policy may ask; it counts against their own and the org's AI quota.
  aiGap: { analyse: 'read' },
  aiUsage: { months: 'org.admin', quotas: 'org.admin', setQuota: 'org.admin' },
  // Moving a file this person may read to or from their own computer changes no record; the
  // server's storage policies decide who may upload.
  files: {
    transfers: 'read',
    pause: 'read',
    resume: 'read',
    status: 'read',
    download: 'read',
    pin: 'device',
    auditOfflineSize: 'read',
    pinAudit: 'device',
    settings: 'read',
    updateSettings: 'device',
  },
} as const satisfies AccessMap;

export function permissionFor(ns: string, method: string, input: unknown): Permission {
  const entry = (access as unknown as Record<string, Record<string, Access>>)[ns]?.[method];
  if (entry === undefined) return 'org.admin';
  return typeof entry === 'function' ? (entry as (input: unknown) => Permission)(input) : entry;
}
