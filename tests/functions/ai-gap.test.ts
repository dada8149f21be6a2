// ai-gap-analysis's pure logic under Deno: the schema the model must follow, and the check of its
// answer against the framework (made-up ids dropped and counted, quotes checked against the policy).
import { checkFindings, gapMessages, gapSchema } from '../../supabase/functions/ai-gap-analysis/gap.ts';

function assertEquals(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message} expected ${e}, got ${a}`);
}

const controls = [
  { id: 'c1', control_key: 'ac-1', label: 'AC-1', title: 'Policy and Procedures', statement: 'Develop a policy.' },
  { id: 'c2', control_key: 'ac-2', label: 'AC-2', title: 'Account Management', statement: null },
  { id: 'c3', control_key: 'ac-3', label: 'AC-3', title: 'Access Enforcement', statement: null },
];
const body = '# Access\n\nAccess is granted on **least privilege** and reviewed yearly.';

Deno.test('the schema is strict: every property required, no extra keys, a closed status list', () => {
  const item = gapSchema.properties.findings.items;
  assertEquals([...item.required].sort(), Object.keys(item.properties).sort());
  assertEquals(item.additionalProperties, false);
  assertEquals(item.properties.status.enum, ['addresses', 'partly', 'misses']);
});

Deno.test('a made-up control id is dropped and counted, never shown; labels are accepted as ids', () => {
  const result = checkFindings(
    {
      findings: [
        {
          control_id: 'AC-1',
          status: 'addresses',
          sentence: 'Access is granted on least privilege and reviewed yearly.',
          explanation: 'x',
        },
        { control_id: 'ac-99', status: 'partly', sentence: 'Invented.', explanation: 'y' },
        { control_id: 'ac-2', status: 'misses', sentence: 'ignored for a miss', explanation: 'z' },
        { control_id: 'ac-3', status: 'maybe', sentence: null, explanation: '' },
      ],
    },
    controls,
    body,
  );
  assertEquals(result.dropped, 2);
  assertEquals(
    result.findings.map((f) => [f.controlId, f.status, f.sentence, f.quoted]),
    [
      ['c1', 'addresses', 'Access is granted on least privilege and reviewed yearly.', true],
      ['c2', 'misses', null, false],
    ],
  );
  assertEquals(result.notAssessed, ['ac-3']);
});

Deno.test('a sentence that is not in the policy is kept but marked as not quoted; a second word on a control is ignored', () => {
  const result = checkFindings(
    {
      findings: [
        { control_id: 'ac-1', status: 'partly', sentence: 'Passwords rotate monthly.', explanation: '' },
        { control_id: 'ac-1', status: 'addresses', sentence: 'Access is granted', explanation: '' },
      ],
    },
    controls,
    body,
  );
  assertEquals(
    result.findings.map((f) => [f.status, f.quoted]),
    [['partly', false]],
  );
  assertEquals(result.dropped, 0);
});

Deno.test('an answer without a findings list is an error; the prompt lists every control id', () => {
  let message = '';
  try {
    checkFindings({ nope: [] }, controls, body);
  } catch (error) {
    message = (error as Error).message;
  }
  assertEquals(message, 'the AI answer has no findings list');
  const user = gapMessages({ title: 'Access', body }, 'NIST', controls)[1]!.content;
  for (const c of controls) if (!user.includes(`id: ${c.control_key}`)) throw new Error(`prompt lacks ${c.control_key}`);
});
