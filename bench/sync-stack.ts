/**
 * The server side of bench/sync-figures.ts in its own process: PostgreSQL 15 with the migrations,
 * the stand-in gateway, and the seeded organizations. Kept out of the bench's process so the core
 * under test has its event loop and its memory to itself, as it has in the app (the server is
 * another machine there). Speaks JSON lines: prints `{ready, supabaseUrl, anonKey, databaseUrl}`,
 * then answers each command read from stdin (`seedOrg`, `gatewayDown`, `gatewayUp`, `stop`).
 */
import { createInterface } from 'node:readline';
import { seedOrg } from '../tests/support/seed';
import { startStack } from '../tests/support/stack';

async function main() {
  const stack = await startStack();
  const say = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
  say({ ready: true, supabaseUrl: stack.supabaseUrl, anonKey: stack.anonKey, databaseUrl: stack.databaseUrl });
  for await (const line of createInterface({ input: process.stdin })) {
    const command = JSON.parse(line) as { id: number; op: string; name?: string };
    try {
      if (command.op === 'seedOrg') say({ id: command.id, org: await seedOrg(stack, command.name ?? 'Bench Co') });
      else if (command.op === 'gatewayDown') say({ id: command.id, done: await stack.gatewayDown() });
      else if (command.op === 'gatewayUp') say({ id: command.id, done: await stack.gatewayUp() });
      else if (command.op === 'stop') break;
      else throw new Error(`unknown command ${command.op}`);
    } catch (error) {
      say({ id: command.id, error: (error as Error).message });
    }
  }
  await stack.stop();
  process.exit(0); // stdin's reader would keep the process alive after the last command
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
