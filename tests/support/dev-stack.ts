// `npm run dev:stack`: a local Supabase stand-in for development. Starts PostgreSQL 15 with the
// migrations, the gateway and the edge functions, seeds a demo org with one user per role and a
// second org where the demo compliance officer audits (for switching organizations), prints one
// JSON line for the app to connect with, and runs until Ctrl-C.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { startElevenLabsStandIn } from './elevenlabs/server.ts';
import { startOpenAiStandIn } from './openai/stand-in.ts';
import { addMember, seedOrg, type SeededOrg } from './seed.ts';
import { startStack, type Stack } from './stack.ts';

/** A framework, two controls and a draft policy, written through push as the compliance officer. */
async function seedDemoRecords(stack: Stack, org: SeededOrg): Promise<void> {
  const client = await stack.client(org.users.compliance_officer);
  const framework = randomUUID();
  const mutation = (table: string, patch: Record<string, unknown>) => ({
    id: randomUUID(),
    table,
    record_id: randomUUID(),
    op: 'insert',
    patch,
  });
  const mutations = [
    { ...mutation('frameworks', { title: 'NIST SP 800-53 Rev 5 LOW', version: '5.1.1' }), record_id: framework },
    mutation('controls', {
      framework_id: framework,
      control_key: 'ac-1',
      label: 'AC-1',
      title: 'Policy and Procedures',
      group_title: 'Access Control',
    }),
    mutation('controls', {
      framework_id: framework,
      control_key: 'ac-2',
      label: 'AC-2',
      title: 'Account Management',
      group_title: 'Access Control',
    }),
    mutation('policies', {
      title: 'Access Control Policy',
      body: '# Access Control Policy\n\nAccess is granted on least privilege and reviewed yearly.',
      owner: 'CISO',
    }),
  ];
  const { data, error } = await client.rpc('push', { p_org_id: org.id, p_mutations: mutations, p_schema_version: 2 });
  const results = (data as { results?: { status: string }[] } | null)?.results ?? [];
  if (error || results.some((r) => r.status !== 'applied')) {
    throw new Error(`seeding demo records failed: ${error?.message ?? JSON.stringify(data)}`);
  }
}

/**
 * "Demo Subsidiary Ltd": the demo compliance officer is its auditor. It holds one framework and
 * one policy of its own (written by the operator), so switching orgs visibly changes the data.
 */
async function seedSubsidiary(stack: Stack, parent: SeededOrg): Promise<{ id: string; name: string }> {
  const id = randomUUID();
  const name = 'Demo Subsidiary Ltd';
  await stack.admin.query(`insert into public.organizations (id, name) values ($1, $2)`, [id, name]);
  await addMember(stack, id, parent.users.compliance_officer, 'auditor');
  await stack.admin.query(`insert into public.frameworks (id, org_id, title, version) values ($1, $2, $3, $4)`, [
    randomUUID(),
    id,
    'ISO/IEC 27001:2022',
    '2022',
  ]);
  await stack.admin.query(`insert into public.policies (id, org_id, title, body, owner) values ($1, $2, $3, $4, $5)`, [
    randomUUID(),
    id,
    'Subsidiary Information Security Policy',
    '# Subsidiary Information Security Policy\n\nThe subsidiary follows the group policies.',
    'Group CISO',
  ]);
  return { id, name };
}

async function main(): Promise<void> {
  const requested = process.env.DEV_STACK_PORT ?? '54321';
  const port = Number(requested);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`DEV_STACK_PORT must be a port number, got ${requested}`);
  // The AI functions talk to the OpenAI stand-in; scripted over HTTP at <openaiUrl>/../__stand-in/.
  const openai = await startOpenAiStandIn({ chunkDelayMs: 15 });
  // The voice functions talk to the ElevenLabs stand-in; failures scripted at <elevenlabsUrl>/__stand-in/.
  const elevenlabs = await startElevenLabsStandIn();
  const stack = await startStack({
    functions: process.env.DEV_STACK_FUNCTIONS !== '0',
    port: port === 0 ? undefined : port,
    functionEnv: {
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.url,
      ELEVENLABS_API_KEY: elevenlabs.apiKey,
      ELEVENLABS_BASE_URL: elevenlabs.url,
    },
  });
  const org = await seedOrg(stack, 'Demo Compliance Co', { domain: 'demo.complyflow.test', password: 'complyflow-demo' });
  await seedDemoRecords(stack, org);
  const subsidiary = await seedSubsidiary(stack, org);
  const officer = org.users.compliance_officer;
  const line = {
    supabaseUrl: stack.supabaseUrl,
    anonKey: stack.anonKey,
    databaseUrl: stack.databaseUrl,
    openaiUrl: openai.url,
    elevenlabsUrl: elevenlabs.url,
    users: [
      ...Object.values(org.users).map((u) => ({
        id: u.id,
        email: u.email,
        password: u.password,
        org: org.id,
        orgName: org.name,
        role: u.role,
        displayName: u.displayName,
      })),
      // The same person in the other org.
      {
        id: officer.id,
        email: officer.email,
        password: officer.password,
        org: subsidiary.id,
        orgName: subsidiary.name,
        role: 'auditor',
        displayName: officer.displayName,
      },
    ],
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    await openai.stop();
    await elevenlabs.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // To try the app offline: type `offline` (Enter) to take the gateway off the network and
  // `online` to bring it back on the same address; Postgres and every session stay.
  // `realtime-down` / `realtime-up` stop and restart Realtime alone (the app falls back to polling).
  // `storage-log` prints one JSON line {storageLog: [...]}: every resumable-upload request with its
  // Upload-Offset. `corrupt <bucket> <name>` makes a stored object's bytes wrong (a damaged file).
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = line.trim();
    if (command === 'offline') void stack.gatewayDown().then(() => process.stdout.write('gateway: down\n'));
    else if (command === 'online') void stack.gatewayUp().then(() => process.stdout.write('gateway: up\n'));
    else if (command === 'realtime-down' || command === 'realtime-up') {
      if (command === 'realtime-down') stack.gateway.realtimeDown();
      else stack.gateway.realtimeUp();
      process.stdout.write(`${command.replace('-', ': ')}\n`);
    } else if (command === 'storage-log') {
      process.stdout.write(`${JSON.stringify({ storageLog: stack.storageLog().entries })}\n`);
    } else if (command.startsWith('corrupt ')) {
      const [, bucket, name] = command.split(/\s+/);
      void stack
        .replaceObjectBytes(bucket ?? '', name ?? '', Buffer.from(`damaged by dev:stack at ${new Date().toISOString()}\n`))
        .then(
          () => process.stdout.write(`storage: corrupted ${bucket}/${name}\n`),
          (error: Error) => process.stdout.write(`storage: ${error.message}\n`),
        );
    } else if (command)
      process.stdout.write(
        'commands: offline, online, realtime-down, realtime-up, storage-log, corrupt <bucket> <name> (Ctrl-C stops the stack)\n',
      );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`dev:stack failed: ${(error as Error).message}\n`);
  process.exit(1);
});
