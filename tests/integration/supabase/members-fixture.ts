// my_memberships, org_members and set_my_display_name over every caller of the access-matrix
// world (anon, each role in org A, the owner of org B): what each may see and change, and
// that bad names are refused in words and change nothing. Shared by the PostgreSQL 15 and
// PGlite test files.
import { describe, expect, it } from 'vitest';
import { asCaller, type Db } from '../../support/db.ts';
import { ACTORS, ROLES, callerOf, type Actor, type World } from './access-fixture.ts';

type Answer = { rows: Record<string, unknown>[] } | { code: string; message: string };

async function as(db: Db, world: World, actor: Actor, sql: string, params: unknown[] = []): Promise<Answer> {
  try {
    return { rows: await asCaller(db, callerOf(world, actor), async (tx) => (await tx.query(sql, params)).rows) };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (!e.code) throw error;
    return { code: e.code, message: e.message ?? '' };
  }
}

const NOT_A_MEMBER = { code: '42501', message: 'not a member of this organization' };

async function membersOfA(db: Db, world: World) {
  const r = await db.query<{ user_id: string; email: string; role: string; display_name: string | null }>(
    `select m.user_id, u.email, m.role::text as role, m.display_name
     from memberships m join auth.users u on u.id = m.user_id where m.org_id = $1`,
    [world.orgA],
  );
  return r.rows;
}

export function describeMemberRpcs(get: () => { db: Db; world: World }): void {
  describe('my_memberships', () => {
    for (const actor of ACTORS) {
      it(`answers ${actor} their own memberships only, ordered by org name`, async () => {
        const { db, world } = get();
        const answer = await as(db, world, actor, `select my_memberships() as m`);
        if (actor === 'anon') return expect(answer).toMatchObject({ code: '42501' });
        const expected =
          actor === 'outsider'
            ? [
                {
                  org_id: world.orgB,
                  org_name: 'Org B',
                  role: 'owner',
                  require_mfa: false,
                  display_name: null,
                  allow_self_approval: false,
                },
              ]
            : [
                {
                  org_id: world.orgA,
                  org_name: 'Org A',
                  role: actor,
                  require_mfa: false,
                  display_name: null,
                  allow_self_approval: false,
                },
                ...(actor === 'owner'
                  ? [
                      {
                        org_id: world.orgB,
                        org_name: 'Org B',
                        role: 'admin',
                        require_mfa: false,
                        display_name: null,
                        allow_self_approval: false,
                      },
                    ]
                  : []),
              ];
        expect(answer).toEqual({ rows: [{ m: expected }] });
      });
    }
  });

  describe('org_members', () => {
    for (const actor of ACTORS) {
      const member = (ROLES as readonly string[]).includes(actor);
      it(`${member ? 'lists every member of org A' : 'refuses'} for ${actor}`, async () => {
        const { db, world } = get();
        const answer = await as(db, world, actor, `select org_members($1) as m`, [world.orgA]);
        if (actor === 'anon') return expect(answer).toMatchObject({ code: '42501' });
        if (!member) return expect(answer).toEqual(NOT_A_MEMBER);
        const expected = (await membersOfA(db, world))
          .sort((a, b) => a.email.localeCompare(b.email))
          .map((m) => ({ user_id: m.user_id, display_name: null, email: m.email, role: m.role }));
        expect(answer).toEqual({ rows: [{ m: expected }] });
      });
    }

    it('answers a stranger the same words whether or not the org exists', async () => {
      const { db, world } = get();
      expect(await as(db, world, 'outsider', `select org_members(gen_random_uuid())`)).toEqual(NOT_A_MEMBER);
      expect(await as(db, world, 'viewer', `select org_members(null)`)).toEqual(NOT_A_MEMBER);
    });

    it('orders by the name shown: display name, else email', async () => {
      const { db, world } = get();
      const names: Partial<Record<Actor, string>> = { owner: 'Zoe Zimmer', viewer: 'aaron Able', auditor: 'Mia Moss' };
      const answer = await asCaller(db, callerOf(world, 'viewer'), async (tx) => {
        // Arranged inside the caller's transaction as the table owner would, then rolled back.
        await tx.exec('reset role');
        for (const [actor, name] of Object.entries(names)) {
          await tx.query(`update memberships set display_name = $3 where org_id = $1 and user_id = $2`, [
            world.orgA,
            world.users[actor as Exclude<Actor, 'anon'>],
            name,
          ]);
        }
        await tx.exec('set local role authenticated');
        return (
          await tx.query<{ m: { display_name: string | null; email: string }[] }>(`select org_members($1) as m`, [world.orgA])
        ).rows[0]!.m;
      });
      const shown = answer.map((m) => m.display_name ?? m.email.split('-')[0]);
      expect(shown).toEqual(['aaron Able', 'admin', 'compliance_officer', 'Mia Moss', 'Zoe Zimmer']);
    });
  });

  describe('set_my_display_name', () => {
    for (const actor of ACTORS) {
      const member = (ROLES as readonly string[]).includes(actor);
      it(`${member ? 'renames only the caller' : 'refuses'} for ${actor}`, async () => {
        const { db, world } = get();
        const answer = await asCaller(db, callerOf(world, actor), async (tx) => {
          try {
            const set = await tx.query(`select set_my_display_name($1, $2) as r`, [world.orgA, '  Pat  Doe ']);
            await tx.exec('reset role');
            return { r: set.rows[0]!.r, after: await membersOfA(tx, world) };
          } catch (error) {
            return { code: (error as { code?: string }).code, message: (error as Error).message };
          }
        });
        if (actor === 'anon') return expect(answer).toMatchObject({ code: '42501' });
        if (!member) return expect(answer).toEqual(NOT_A_MEMBER);
        expect(answer).toMatchObject({ r: { org_id: world.orgA, display_name: 'Pat  Doe' } });
        const after = (answer as { after: { user_id: string; display_name: string | null }[] }).after;
        expect(after.filter((m) => m.display_name !== null).map((m) => m.user_id)).toEqual([world.users[actor]]);
      });
    }

    const BAD: [string, string | number][] = [
      ['an empty name', ''],
      ['only spaces', '   '],
      ['121 characters', 'x'.repeat(121)],
      ['a control character', 'Pat\u0007Doe'],
      ['a line break inside', 'Pat\nDoe'],
      ['a direction override', 'Pat\u202eeoD'],
    ];
    for (const [what, name] of BAD) {
      it(`refuses ${what} in words and changes nothing`, async () => {
        const { db, world } = get();
        const answer = await as(db, world, 'viewer', `select set_my_display_name($1, $2)`, [world.orgA, name]);
        expect(answer).toMatchObject({ code: '22023' });
        expect((answer as { message: string }).message).toMatch(/^a display name /);
        expect((await membersOfA(db, world)).every((m) => m.display_name === null)).toBe(true);
      });
    }

    it('accepts 120 characters, and null removes the name', async () => {
      const { db, world } = get();
      const long = 'é'.repeat(120);
      expect(await as(db, world, 'viewer', `select set_my_display_name($1, $2) as r`, [world.orgA, long])).toEqual({
        rows: [{ r: { org_id: world.orgA, display_name: long } }],
      });
      expect(await as(db, world, 'viewer', `select set_my_display_name($1, null) as r`, [world.orgA])).toEqual({
        rows: [{ r: { org_id: world.orgA, display_name: null } }],
      });
    });

    it('the table refuses a bad name written directly, too (a manager updating a membership)', async () => {
      const { db, world } = get();
      const answer = await as(db, world, 'admin', `update memberships set display_name = $3 where org_id = $1 and user_id = $2`, [
        world.orgA,
        world.users.viewer,
        ' padded ',
      ]);
      expect(answer).toMatchObject({ code: '23514' });
    });
  });
}
