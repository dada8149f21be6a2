/** Counts in words, for messages the core and the UI both write ("1 control", "3 controls"). */

const IRREGULAR: Record<string, string> = { evidence: 'evidence', 'evidence item': 'evidence items', policy: 'policies' };

/** The plural of a noun as this app uses it; a last word ending in -y after a consonant takes -ies. */
export function pluralOf(noun: string): string {
  if (IRREGULAR[noun]) return IRREGULAR[noun];
  const last = noun.split(' ').pop() ?? noun;
  if (IRREGULAR[last]) return noun.slice(0, noun.length - last.length) + IRREGULAR[last];
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** "1 control", "0 controls", "1,234 controls". */
export const plural = (count: number, noun: string, many = pluralOf(noun)) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? noun : many}`;
