/**
 * The NIST SP 800-53 rev5 baselines shipped in resources/frameworks (public domain; licence
 * file beside them). The renderer names one; it never sends a path.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { ShippedFrameworkName } from '../../../src-shared/domain/framework';
import { shippedFrameworksDir } from './import-catalog';

export const SHIPPED: readonly { name: ShippedFrameworkName; title: string; file: string }[] = [
  {
    name: 'nist-800-53r5-low',
    title: 'NIST SP 800-53 rev5 LOW baseline',
    file: 'NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json',
  },
  {
    name: 'nist-800-53r5-moderate',
    title: 'NIST SP 800-53 rev5 MODERATE baseline',
    file: 'NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json',
  },
  {
    // NIST publishes HIGH here in its minified form; the content is the same catalog.
    name: 'nist-800-53r5-high',
    title: 'NIST SP 800-53 rev5 HIGH baseline',
    file: 'NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json',
  },
  {
    name: 'nist-800-53r5-privacy',
    title: 'NIST SP 800-53 rev5 PRIVACY baseline',
    file: 'NIST_SP-800-53_rev5_PRIVACY-baseline-resolved-profile_catalog.json',
  },
];

interface Summary {
  mtimeMs: number;
  uuid: string | null;
  controls: number | null;
}
const summaries = new Map<string, Summary>();

const countControls = (list: unknown): number =>
  Array.isArray(list) ? list.reduce((n: number, c: { controls?: unknown }) => n + 1 + countControls(c?.controls), 0) : 0;
const countInGroups = (list: unknown): number =>
  Array.isArray(list)
    ? list.reduce(
        (n: number, g: { controls?: unknown; groups?: unknown }) => n + countControls(g?.controls) + countInGroups(g?.groups),
        0,
      )
    : 0;

export function shippedFile(name: ShippedFrameworkName): string {
  const entry = SHIPPED.find((s) => s.name === name);
  if (!entry) throw new AppError(ErrorCode.InvalidInput, `name: ${name} is not a shipped baseline`);
  return path.join(shippedFrameworksDir(), entry.file);
}

export function readShipped(name: ShippedFrameworkName): unknown {
  const file = shippedFile(name);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError(ErrorCode.FileRejected, `The shipped baseline ${name} cannot be read: ${(error as Error).message}`);
  }
}

/** The catalog uuid and control count of a shipped file, cached by modification time. */
export function shippedSummary(name: ShippedFrameworkName): { uuid: string | null; controls: number | null } {
  const file = shippedFile(name);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return { uuid: null, controls: null };
  }
  const cached = summaries.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached;
  let summary: Summary = { mtimeMs, uuid: null, controls: null };
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { catalog?: { uuid?: unknown; controls?: unknown; groups?: unknown } };
    const catalog = json.catalog ?? {};
    summary = {
      mtimeMs,
      uuid: typeof catalog.uuid === 'string' ? catalog.uuid : null,
      controls: countControls(catalog.controls) + countInGroups(catalog.groups),
    };
  } catch {
    // Unreadable: listed without figures; importing it reports the problem.
  }
  summaries.set(file, summary);
  return summary;
}
