// The org profile RPCs and ai_draft_context over every caller of the access-matrix world, on
// PGlite: members read the profile, owners and admins set it, bad input is refused in words and
// changes nothing; the draft context reads controls as the caller and refuses a control that is
// not the org's (another org's, deleted, made up) by id.
import { PGlite } from '@electric-sql/pglite';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, fromPglite, type Db } from '../../support/db.ts';
import { applyMigrations } from '../../support/migrations.ts';
import { ACTORS, callerOf, seedWorld, type Actor, type World } from './access-fixture.ts';

let pglite: PGlite;
let db: Db;
let world: World;
let foreignControl: string;
let deletedControl: string;

beforeAll(async () => {
  pglite = new PGlite();
  db = fromPglite(pglite);
  await applyMigrations(db);
  world = await seedWorld(db);
  foreignControl = randomUUID();
  deletedControl = randomUUID();
  const fw = randomUUID();
  await db.query(`insert into frameworks (id, org_id, title) values ($1, $2, 'B framework')`, [fw, world.orgB]);
  await db.query(
    `insert into controls (id, org_id, framework_id, control_key, label, title) values ($1, $2, $3, 'ac-9', 'AC-9', 'Secret')`,
    [foreignControl, world.orgB, fw],
  );
  await db.query(
    `insert into controls (id, org_id, framework_id, control_key, label, deleted_at) values ($1, $2, $3, 'ac-7', 'AC-7', now())`,
    [deletedControl, world.orgA, world.ids.framework],
  );
  await db.query(
    `update controls set label = 'AC-1', title = 'Policy and Procedures', statement = 'Develop a policy.' where id = $1`,
    [world.ids.control],
  );
});

afterAll(async () => {
  await pglite?.close();
});

type Answer = { value: unknown } | { code: string; message: string };

/** Runs as the actor; a write commits (the next check reads what stayed). */
async function as(actor: Actor, sql: string, params: unknown[] = []): Promise<Answer> {
  try {
    const rows = await asCaller(db, callerOf(world, actor), async (tx) => (await tx.query<{ v: unknown }>(sql, params)).rows, {
      commit: true,
    });
    return { value: rows[0]?.v };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (!e.code) throw error;
    return { code: e.code, message: e.message ?? '' };
  }
}

const setProfile = (actor: Actor, name: unknown, industry: unknown, size: unknown, systems: unknown) =>
  as(actor, `select set_org_profile($1, $2, $3, $4, $5::jsonb) as v`, [
    world.orgA,
    name,
    industry,
    size,
    JSON.stringify(systems),
  ]);

describe('org profile', () => {
  it('reads as the organization name with empty fields until set, for members only', async () => {
    for (const actor of ACTORS) {
      const answer = await as(actor, `select org_profile($1) as v`, [world.orgA]);
      if (actor === 'anon' || actor === 'outsider') expect(answer).toMatchObject({ code: '42501' });
      else
        expect(answer).toEqual({
          value: { org_id: world.orgA, name: 'Org A', industry: '', size: '', systems: [], updated_at: null, updated_by: null },
        });
    }
  });

  it('owners and admins set it; everyone else is refused and nothing changes', async () => {
    for (const actor of ['compliance_officer', 'auditor', 'viewer', 'outsider', 'anon'] as const) {
      expect(await setProfile(actor, 'Evil', '', '', [])).toMatchObject({ code: '42501' });
    }
    expect(await as('viewer', `select org_profile($1)->>'name' as v`, [world.orgA])).toEqual({ value: 'Org A' });

    const saved = await setProfile('admin', '  Acme Health ', 'Healthcare', '51-200', ['Okta', ' AWS ', 'okta', '', 'Jira']);
    expect(saved).toMatchObject({
      value: {
        name: 'Acme Health',
        industry: 'Healthcare',
        size: '51-200',
        systems: ['Okta', 'AWS', 'Jira'],
        updated_by: world.users.admin,
      },
    });
    expect(await as('viewer', `select org_profile($1) as v`, [world.orgA])).toMatchObject({
      value: { name: 'Acme Health', systems: ['Okta', 'AWS', 'Jira'] },
    });
    expect(await setProfile('owner', 'Acme', 'Health', '', [])).toMatchObject({ value: { name: 'Acme', size: '', systems: [] } });
  });

  it('bad input is refused in words and changes nothing', async () => {
    await setProfile('owner', 'Kept', 'Kept industry', '11-50', ['Kept']);
    const cases: [unknown[], RegExp][] = [
      [[' ', '', '', []], /needs a name/],
      [['x'.repeat(201), '', '', []], /needs a name of 1 to 200/],
      [['N', 'i'.repeat(201), '', []], /industry may be at most 200/],
      [['N', '', 'huge', []], /size must be one of/],
      [['N', '', '', Array.from({ length: 51 }, (_, i) => `s${i}`)], /at most 50 systems/],
      [['N', '', '', ['s'.repeat(101)]], /at most 50 systems of at most 100 characters/],
    ];
    for (const [args, words] of cases) {
      const answer = await setProfile('owner', ...(args as [unknown, unknown, unknown, unknown]));
      expect(answer).toMatchObject({ code: '22023', message: expect.stringMatching(words) });
    }
    expect(await as('owner', `select org_profile($1) as v`, [world.orgA])).toMatchObject({
      value: { name: 'Kept', industry: 'Kept industry', size: '11-50', systems: ['Kept'] },
    });
  });
});

describe('ai_draft_context', () => {
  const context = (actor: Actor, controls: string[], policy: string | null = null, org = world.orgA) =>
    as(actor, `select ai_draft_context($1, $2::jsonb, $3) as v`, [org, JSON.stringify(controls), policy]);

  it('answers the controls, the policy and the profile, read as the caller', async () => {
    const answer = (await context('viewer', [world.ids.control], world.ids.policy)) as { value: Record<string, unknown> };
    expect(answer.value).toMatchObject({
      profile: { name: 'Kept' },
      policy: { id: world.ids.policy, title: 'Access Control Policy', body: 'one\ntwo' },
      controls: [
        { id: world.ids.control, label: 'AC-1', title: 'Policy and Procedures', statement: 'Develop a policy.', guidance: '' },
      ],
    });
  });

  it('refuses a control that is not a live control of the org, naming it', async () => {
    const made = randomUUID();
    for (const bad of [foreignControl, deletedControl, made]) {
      expect(await context('compliance_officer', [world.ids.control, bad])).toEqual({
        code: 'P0002',
        message: `no such control in this organization: ${bad}`,
      });
    }
    expect(await context('owner', [world.ids.control], randomUUID())).toMatchObject({
      code: 'P0002',
      message: expect.stringMatching(/no such policy/),
    });
    // The outsider owns org B's control but is no member of A: the same words as any stranger.
    expect(await context('outsider', [foreignControl])).toMatchObject({ code: '42501' });
    expect(await context('viewer', [])).toMatchObject({ code: '22023', message: 'choose at least one control' });
    expect(await context('viewer', ['ac-2'])).toMatchObject({
      code: '22023',
      message: 'the controls must be a list of control ids (uuids)',
    });
  });
});
