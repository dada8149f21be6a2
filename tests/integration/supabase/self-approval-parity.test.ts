// One rule for self-approval in the app and on the server: the same sequences of edits and an
// approval run through the app's policies service on a real replica (src-shared/domain/self-approval.ts,
// the last material editor as policies-service.ts stamps it) and through the server's triggers on
// PostgreSQL 15 as the signed-in members (private.check_may_approve, edited_by as the server stamps
// it), and both must give the same answer: approved, or refused.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyCreateInput, PolicyUpdateInput } from '../../../src-shared/domain/policy';
import { openDatabase } from '../../../src-main/core/db/database';
import { createPoliciesService } from '../../../src-main/core/policies/policies-service';
import { asCaller, createAuthUser, fromPg } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';
import { tempDir } from '../../support/temp-dir';

type Who = 'owner' | 'admin';
type Step =
  { do: 'create'; by: Who } | { do: 'edit'; by: Who; minor?: boolean } | { do: 'submit' | 'approve' | 'returnToDraft'; by: Who };

interface Case {
  name: string;
  allowSelfApproval: boolean;
  steps: Step[];
  /** The last step is an approval (earlier ones must pass): may it be given? */
  approved: boolean;
}

const BODY = 'Access is granted on a need-to-know basis and reviewed every quarter by the system owner.';
const cases: Case[] = [
  {
    name: 'the author approves their own draft',
    allowSelfApproval: false,
    steps: [
      { do: 'create', by: 'owner' },
      { do: 'submit', by: 'owner' },
      { do: 'approve', by: 'owner' },
    ],
    approved: false,
  },
  {
    name: 'the author approves their own draft where the org allows it',
    allowSelfApproval: true,
    steps: [
      { do: 'create', by: 'owner' },
      { do: 'submit', by: 'owner' },
      { do: 'approve', by: 'owner' },
    ],
    approved: true,
  },
  {
    name: 'another approver approves',
    allowSelfApproval: false,
    steps: [
      { do: 'create', by: 'admin' },
      { do: 'submit', by: 'admin' },
      { do: 'approve', by: 'owner' },
    ],
    approved: true,
  },
  {
    name: 'the author approves after someone else made the last material edit',
    allowSelfApproval: false,
    steps: [
      { do: 'create', by: 'owner' },
      { do: 'edit', by: 'admin' },
      { do: 'submit', by: 'owner' },
      { do: 'approve', by: 'owner' },
    ],
    approved: true,
  },
  {
    name: 'the last material editor approves',
    allowSelfApproval: false,
    steps: [
      { do: 'create', by: 'admin' },
      { do: 'edit', by: 'owner' },
      { do: 'submit', by: 'admin' },
      { do: 'approve', by: 'owner' },
    ],
    approved: false,
  },
  {
    name: 'a minor fix does not make its writer the editor',
    allowSelfApproval: false,
    steps: [
      { do: 'create', by: 'admin' },
      { do: 'submit', by: 'admin' },
      { do: 'approve', by: 'owner' },
      { do: 'edit', by: 'owner', minor: true },
      { do: 'returnToDraft', by: 'owner' },
      { do: 'submit', by: 'owner' },
      { do: 'approve', by: 'owner' },
    ],
    approved: true,
  },
  {
    name: 'a material edit of an approved policy makes its writer the editor',
    allowSelfApproval: false,
    steps: [
      { do: 'create', by: 'admin' },
      { do: 'submit', by: 'admin' },
      { do: 'approve', by: 'owner' },
      { do: 'edit', by: 'owner' },
      { do: 'submit', by: 'owner' },
      { do: 'approve', by: 'owner' },
    ],
    approved: false,
  },
];

const users: Record<Who, string> = { owner: randomUUID(), admin: randomUUID() };
let server: PostgresServer;
let client: pg.Client;
const dir = tempDir();

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await applyMigrations(fromPg(client));
  for (const who of ['owner', 'admin'] as const) await createAuthUser(fromPg(client), users[who], `${who}@parity.example`);
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
  dir.remove();
});

/** Each step's edit of the body: a rewrite (material) or a two-character fix (minor). */
const edited = (body: string, minor: boolean) => (minor ? body.replace('need-to-know', 'need to know') : `${body}\n\nRewritten.`);

/** The app: a replica of an org, the policies service, the org's setting; refused or approved. */
function appDecides(c: Case): boolean {
  const db = openDatabase(path.join(dir.path, `${randomUUID()}.sqlite3`));
  try {
    let tick = 0;
    const service = createPoliciesService({
      db,
      orgId: randomUUID(),
      now: () => new Date(Date.UTC(2026, 2, 10, 9, 0, 0, tick++)).toISOString(),
      allowSelfApproval: () => c.allowSelfApproval,
    });
    let id = '';
    for (const [index, step] of c.steps.entries()) {
      const actor = users[step.by];
      const decisive = index === c.steps.length - 1;
      if (step.do === 'create') id = service.create(PolicyCreateInput.parse({ title: 'Access', body: BODY }), actor).id;
      else if (step.do === 'edit') {
        const body = edited(service.get(id).body, step.minor ?? false);
        service.update(PolicyUpdateInput.parse({ id, body, minor: step.minor ?? false }), actor);
      } else if (step.do === 'submit') service.submitForReview(id, actor);
      else if (step.do === 'returnToDraft') service.returnToDraft(id, actor);
      else if (!decisive) service.approve(id, actor);
      else {
        try {
          service.approve(id, actor);
          return true;
        } catch (error) {
          expect((error as Error).message).toBe(
            'You edited this version; another approver must approve it, or an owner can allow self-approval in Settings.',
          );
          return false;
        }
      }
    }
    throw new Error('a case ends with an approval');
  } finally {
    db.close();
  }
}

/** The server: an org with the setting, both members, each step as that member's SQL (RLS and triggers apply). */
async function serverDecides(c: Case): Promise<boolean> {
  const orgId = randomUUID();
  const id = randomUUID();
  await client.query(`insert into organizations (id, name, allow_self_approval) values ($1, 'Parity Co', $2)`, [
    orgId,
    c.allowSelfApproval,
  ]);
  for (const who of ['owner', 'admin'] as const) {
    await client.query(`insert into memberships (org_id, user_id, role) values ($1, $2, $3)`, [orgId, users[who], who]);
  }
  const as = (who: Who, sql: string, params: unknown[]) =>
    asCaller(fromPg(client), { kind: 'user', id: users[who] }, (db) => db.query(sql, params), { commit: true });
  for (const [index, step] of c.steps.entries()) {
    const decisive = index === c.steps.length - 1;
    if (step.do === 'create') {
      await as(
        step.by,
        `insert into policies (id, org_id, title, body, version_major, version_minor) values ($1, $2, 'Access', $3, 1, 0)`,
        [id, orgId, BODY],
      );
    } else if (step.do === 'edit') {
      const minor = step.minor ?? false;
      const current = (await client.query<{ body: string }>(`select body from policies where id = $1`, [id])).rows[0]!.body;
      await as(
        step.by,
        minor
          ? `update policies set body = $2, version_minor = version_minor + 1 where id = $1`
          : `update policies set body = $2 where id = $1`,
        [id, edited(current, minor)],
      );
    } else if (step.do === 'submit') await as(step.by, `update policies set status = 'in_review' where id = $1`, [id]);
    else if (step.do === 'returnToDraft') await as(step.by, `update policies set status = 'draft' where id = $1`, [id]);
    else if (!decisive) await as(step.by, `update policies set status = 'approved' where id = $1`, [id]);
    else {
      try {
        await as(step.by, `update policies set status = 'approved' where id = $1`, [id]);
        return true;
      } catch (error) {
        expect((error as { code: string }).code).toBe('42501');
        expect((error as Error).message).toMatch(/you made the last material edit/);
        return false;
      }
    }
  }
  throw new Error('a case ends with an approval');
}

describe('self-approval: the app and the server agree', () => {
  it('has cases both ways', () => {
    expect(cases.some((c) => c.approved)).toBe(true);
    expect(cases.some((c) => !c.approved)).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect({ app: appDecides(c), server: await serverDecides(c) }).toEqual({ app: c.approved, server: c.approved });
  });
});
