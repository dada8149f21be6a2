// The summary text of a policy revision, from OpenAI through the shared client (openai.ts):
// a few plain sentences meant to be heard, not read (no markdown, no lists).
import type OpenAI from 'npm:openai';

const MAX_SOURCE_CHARS = 24_000;

export function summaryMessages(source: { title: string; body: string }) {
  return [
    {
      role: 'system' as const,
      content:
        'You summarise company policies for busy staff who will listen to the summary, not read it. ' +
        'Write 3 to 6 plain spoken sentences (at most 120 words): what the policy requires, of whom, and how often. ' +
        'No markdown, no lists, no headings, no preamble. Use only what the policy says.',
    },
    { role: 'user' as const, content: `Policy: ${source.title}\n\n${source.body.slice(0, MAX_SOURCE_CHARS)}` },
  ];
}

export async function summarizeWith(
  client: OpenAI,
  model: string,
  source: { title: string; body: string },
): Promise<{ text: string; tokens: number }> {
  const completion = await client.chat.completions.create({ model, messages: summaryMessages(source), max_tokens: 400 });
  return { text: completion.choices[0]?.message?.content ?? '', tokens: completion.usage?.total_tokens ?? 0 };
}
