/**
 * The bench query mix of search.all: common words, two words, medium words, 3-letter prefixes,
 * rare words and numbered words, in a fixed pseudo-random order (bench/million.ts and
 * bench/auditor-search.ts ask the same queries).
 */
export const COMMON = ['access', 'control', 'review', 'security', 'policy', 'system', 'report', 'evidence', 'annual', 'data'];
export const MEDIUM = [
  'encryption',
  'backup',
  'vendor',
  'incident',
  'firewall',
  'password',
  'training',
  'logging',
  'patch',
  'privacy',
  'retention',
  'network',
];
export function queryMix(n: number) {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  return Array.from({ length: n }, (_, i) => {
    switch (i % 6) {
      case 0:
        return pick(COMMON);
      case 1:
        return `${pick(COMMON)} ${pick(MEDIUM)}`;
      case 2:
        return pick(MEDIUM);
      case 3:
        return pick(MEDIUM).slice(0, 3);
      case 4:
        return `zq${(Math.floor(rand() * 5000) % 5000).toString(36)}x`;
      default:
        return `w${Math.floor(rand() * 20000)}`;
    }
  });
}
