/**
 * The stack's Postgres restart (used by the fault tests): committed data survives a crash-like
 * stop, the gateway answers again afterwards on the same address, and a client signed in before
 * keeps working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, type SeededOrg } from '../../../support/seed';
import { startStack, type Stack } from '../../../support/stack';

let stack: Stack;
let org: SeededOrg;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrg(stack, 'Restarted Inc');
});
afterAll(async () => stack?.stop());

describe('restarting the stack’s Postgres', () => {
  it('keeps committed rows across a restart, and the gateway and a signed-in client work again after it', async () => {
    const officer = org.users.compliance_officer;
    const client = await stack.client({ email: officer.email, password: officer.password });
    const before = await client.rpc('my_memberships');
    expect(before.error).toBeNull();
    expect(before.data).toMatchObject([{ org_id: org.id }]);

    const members = () => stack.admin.query('select count(*)::int as n from public.memberships where org_id = $1', [org.id]);
    const membersBefore = (await members()).rows;
    expect(membersBefore[0].n).toBeGreaterThan(0);

    await stack.restartPostgres({ downMs: 100 });
    // The pools' old connections are gone; the first query after may fail once, the next work.
    let after = await client.rpc('my_memberships');
    if (after.error) after = await client.rpc('my_memberships');
    expect(after.error).toBeNull();
    expect(after.data).toEqual(before.data);
    // The admin pool lost its connection too; it reconnects on the next query.
    const membersAfter = await members().catch(() => members());
    expect(membersAfter.rows).toEqual(membersBefore);
  });
});
