/**
 * Signing in to an organization through the real core: supabase-js (unmodified) in the core,
 * the stand-in gateway, PostgreSQL 15 with the migrations and RLS. Each role, one replica per
 * organization, changes recorded under the user's id, roles checked before any handler, sign out
 * and in, and the local workspace copied in as the user's changes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import { MEMBER_ROLES, seedOrg, type SeededOrg } from '../../support/seed';
import { startStack, type Stack } from '../../support/stack';
import { call, ok, replicaRows, startCore, tempDataDir, workspaceSnapshot } from './harness';
import { stagedId } from '../../support/staged-file';

let stack: Stack;
let org: SeededOrg;
let other: SeededOrg;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Acme Audit Co');
  other = await seedOrg(stack, 'Other Org');
});
afterAll(async () => stack?.stop());

describe('signing in', () => {
  it.each(MEMBER_ROLES)('as %s opens the organization with that role', async (role) => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    const user = org.users[role];
    const status = await ok(core, 'account', 'signIn', { email: user.email, password: user.password });
    expect(status).toMatchObject({
      session: 'signed-in',
      user: { id: user.id, email: user.email },
      aal: 'aal1',
      activeOrgId: org.id,
      memberships: [{ orgId: org.id, orgName: 'Acme Audit Co', role }],
    });
    expect(await ok(core, 'app', 'workspace')).toMatchObject({ kind: 'supabase', orgId: org.id, name: 'Acme Audit Co', role });
    expect(existsSync(path.join(dataDir, 'workspaces', org.id, 'replica.sqlite3'))).toBe(true);
    core.close();
  });

  it('records a compliance officer’s policy under their user id, in the organization’s replica only', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    const local = await ok<{ id: string }>(core, 'policies', 'create', { title: 'Written before sign-in' });
    const officer = org.users.compliance_officer;
    await ok(core, 'account', 'signIn', { email: officer.email, password: officer.password });
    const policy = await ok<{ id: string; orgId: string }>(core, 'policies', 'create', { title: 'Vendor risk policy' });
    expect(policy.orgId).toBe(org.id);
    core.close();

    expect(replicaRows(dataDir, org.id, 'SELECT org_id, updated_by FROM policies WHERE id = ?', policy.id)).toEqual([
      { org_id: org.id, updated_by: officer.id },
    ]);
    expect(replicaRows(dataDir, org.id, "SELECT DISTINCT actor FROM audit_events WHERE record_table = 'policies'")).toEqual([
      { actor: officer.id },
    ]);
    expect(replicaRows(dataDir, org.id, 'SELECT count(*) AS n FROM outbox WHERE record_id = ?', policy.id)).toEqual([{ n: 1 }]);
    // The two workspaces never mix.
    expect(replicaRows(dataDir, org.id, 'SELECT id FROM policies WHERE id = ?', local.id)).toEqual([]);
    expect(replicaRows(dataDir, 'local', 'SELECT id FROM policies')).toEqual([{ id: local.id }]);
  });

  it('refuses what the role may not do before any handler runs, and writes nothing', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    await ok(core, 'account', 'signIn', { email: org.users.viewer.email, password: org.users.viewer.password });
    const before = workspaceSnapshot(dataDir);
    const refused = await call(core, 'policies', 'create', { title: 'Not allowed' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: expect.stringMatching(/As viewer .* cannot change frameworks, controls, policies or evidence/),
      },
    });
    expect(workspaceSnapshot(dataDir)).toEqual(before);
    expect(await ok(core, 'policies', 'list', {})).toMatchObject({ total: 0 });
    core.close();

    const auditorCore = await startCore(stack, tempDataDir());
    await ok(auditorCore, 'account', 'signIn', { email: org.users.auditor.email, password: org.users.auditor.password });
    expect(
      await call(auditorCore, 'audits', 'create', { title: 'x', scope: { kind: 'controls', controlIds: [] } }),
    ).toMatchObject({ ok: false, error: { code: expect.stringMatching(/FORBIDDEN|INVALID_INPUT/) } });
    expect(await call(auditorCore, 'policies', 'approve', { id: '00000000-0000-4000-8000-000000000001' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    auditorCore.close();
  });

  it('signs out to the local workspace, keeps the replica, and signs in again to it', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    const officer = org.users.compliance_officer;
    await ok(core, 'account', 'signIn', { email: officer.email, password: officer.password });
    const policy = await ok<{ id: string }>(core, 'policies', 'create', { title: 'Kept across sign-out' });
    const out = await ok(core, 'account', 'signOut');
    expect(out).toMatchObject({ session: 'signed-out', user: null, memberships: [], activeOrgId: LOCAL_ORG_ID });
    expect(await ok(core, 'app', 'workspace')).toMatchObject({ kind: 'local', role: 'local' });
    expect(await call(core, 'policies', 'get', { id: policy.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await ok(core, 'account', 'signIn', { email: officer.email, password: officer.password });
    expect(await ok(core, 'policies', 'get', { id: policy.id })).toMatchObject({ title: 'Kept across sign-out' });
    core.close();
  });

  it('switches organizations in one call, each with its own replica, and never to one the user is not in', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    // The owner of Acme is added to Other Org as a viewer.
    const owner = org.users.owner;
    await stack.admin.query(`insert into public.memberships (org_id, user_id, role) values ($1, $2, 'viewer')`, [
      other.id,
      owner.id,
    ]);
    const status = await ok<{ memberships: { orgId: string }[]; activeOrgId: string }>(core, 'account', 'signIn', {
      email: owner.email,
      password: owner.password,
    });
    expect(status.memberships.map((m) => m.orgId).sort()).toEqual([org.id, other.id].sort());
    expect(status.activeOrgId).toBe(LOCAL_ORG_ID); // two organizations: the user picks

    const events: string[] = [];
    core.onEvent((name, payload) => name === 'workspace.changed' && events.push((payload as { orgId: string }).orgId));
    await ok(core, 'account', 'selectOrganization', { orgId: org.id });
    const policy = await ok<{ id: string }>(core, 'policies', 'create', { title: 'Only in Acme' });
    await ok(core, 'account', 'selectOrganization', { orgId: other.id });
    expect(await ok(core, 'app', 'workspace')).toMatchObject({ orgId: other.id, role: 'viewer' });
    expect(await call(core, 'policies', 'get', { id: policy.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(events).toEqual([org.id, other.id]);

    const stranger = '11111111-1111-4111-8111-111111111111';
    expect(await call(core, 'account', 'selectOrganization', { orgId: stranger })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(existsSync(path.join(dataDir, 'workspaces', stranger))).toBe(false);
    core.close();
    await stack.admin.query(`delete from public.memberships where org_id = $1 and user_id = $2`, [other.id, owner.id]);
  });

  it('brings the local workspace into the organization as new changes by the user', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    const local = await ok<{ id: string }>(core, 'policies', 'create', { title: 'My local draft', body: '# Draft\n\nText.' });
    const evidence = await ok<{ id: string; sha256: string }>(core, 'evidence', 'add', {
      title: 'Firewall export',
      stagedFileId: await stagedId(core, 'deny all\n', 'fw.txt'),
      asOfDate: '2026-11-30',
    });
    const officer = org.users.compliance_officer;
    await ok(core, 'account', 'signIn', { email: officer.email, password: officer.password });
    const result = await ok<{ copied: Record<string, number>; files: number }>(core, 'account', 'bringLocalWorkspace');
    expect(result.copied).toMatchObject({ policies: 1, evidence: 1 });
    expect(result.files).toBe(1);
    const copies = replicaRows(dataDir, org.id, "SELECT id, updated_by, org_id FROM policies WHERE title = 'My local draft'");
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ updated_by: officer.id, org_id: org.id });
    expect(copies[0]!.id).not.toBe(local.id);
    const copiedEvidence = replicaRows(dataDir, org.id, 'SELECT id, sha256 FROM evidence');
    expect(copiedEvidence.map((e) => e.sha256)).toContain(evidence.sha256);
    expect(replicaRows(dataDir, org.id, 'SELECT count(*) AS n FROM outbox WHERE record_id = ?', copies[0]!.id)).toEqual([
      { n: 1 },
    ]);
    // The file is in the organization's own blob store, and reads back verified.
    const content = await ok<{ contentBase64: string }>(core, 'evidence', 'content', { id: copiedEvidence[0]!.id });
    expect(Buffer.from(content.contentBase64, 'base64').toString()).toBe('deny all\n');
    core.close();

    const viewerCore = await startCore(stack, tempDataDir());
    await ok(viewerCore, 'account', 'signIn', { email: org.users.viewer.email, password: org.users.viewer.password });
    expect(await call(viewerCore, 'account', 'bringLocalWorkspace')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    viewerCore.close();
  });

  it('shows members by name, and keeps them for offline display', async () => {
    const dataDir = tempDataDir();
    const core = await startCore(stack, dataDir);
    await ok(core, 'account', 'signIn', { email: org.users.admin.email, password: org.users.admin.password });
    const members = await ok<{ userId: string; email: string; role: string; displayName: string | null }[]>(
      core,
      'account',
      'members',
    );
    expect(members.map((m) => m.userId).sort()).toEqual(
      Object.values(org.users)
        .map((u) => u.id)
        .sort(),
    );
    expect(members.find((m) => m.userId === org.users.auditor.id)).toMatchObject({
      email: org.users.auditor.email,
      role: 'auditor',
    });
    await ok(core, 'app', 'updateProfile', { displayName: 'Ada Admin' });
    expect(await ok(core, 'app', 'profile')).toEqual({ displayName: 'Ada Admin' });
    expect(replicaRows(dataDir, org.id, "SELECT value FROM settings WHERE key = 'org.members'")).toHaveLength(1);
    core.close();
  });
});
