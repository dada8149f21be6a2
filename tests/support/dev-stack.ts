// `npm run dev:stack`: a local Supabase stand-in for development. Starts PostgreSQL 15 with the
// migrations, the gateway and the edge functions, seeds a demo org with one user per role,
// prints one JSON line for the app to connect with, and runs until Ctrl-C.
import { seedOrg } from './seed.ts';
import { startStack } from './stack.ts';

async function main(): Promise<void> {
  const requested = process.env.DEV_STACK_PORT ?? '54321';
  const port = Number(requested);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`DEV_STACK_PORT must be a port number, got ${requested}`);
  const stack = await startStack({ functions: process.env.DEV_STACK_FUNCTIONS !== '0', port: port === 0 ? undefined : port });
  const org = await seedOrg(stack, 'Demo Compliance Co', { domain: 'demo.complyflow.test', password: 'complyflow-demo' });
  const line = {
    supabaseUrl: stack.supabaseUrl,
    anonKey: stack.anonKey,
    databaseUrl: stack.databaseUrl,
    users: Object.values(org.users).map((u) => ({
      email: u.email,
      password: u.password,
      org: org.id,
      orgName: org.name,
      role: u.role,
    })),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`dev:stack failed: ${(error as Error).message}\n`);
  process.exit(1);
});
