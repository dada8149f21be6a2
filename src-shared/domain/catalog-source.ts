/**
 * Which catalog a framework comes from, and which baseline of it. NIST publishes each baseline
 * (LOW, MODERATE, HIGH, PRIVACY) as its own resolved profile catalog with its own uuid, titled
 * "<catalog> <BASELINE> [IMPACT] BASELINE"; the controls of all of them are the same catalog's
 * controls, so their implementation is shared (keyed by the catalog source and the control id).
 * Any other catalog is its own source. Pure: core and renderer use the same reading.
 */

const BASELINE_TITLE = /^(.*?\S)\s+([A-Za-z][\w-]*)(?:\s+IMPACT)?\s+BASELINE$/i;

export interface CatalogSource {
  /** Key shared by every baseline of one catalog: "catalog:<title>", or "uuid:<catalog uuid>". */
  key: string;
  /** "LOW", "MODERATE", "HIGH", "PRIVACY"; '' when the catalog is not a named baseline. */
  baseline: string;
  /** The catalog's name without the baseline ("NIST Special Publication 800-53 Revision 5.1.1"). */
  family: string;
}

export function catalogSource(title: string, sourceUuid: string): CatalogSource {
  const match = BASELINE_TITLE.exec(title.trim());
  if (!match) return { key: `uuid:${sourceUuid}`, baseline: '', family: title.trim() };
  const family = match[1]!.replace(/\s+/g, ' ');
  return { key: `catalog:${family.toLowerCase()}`, baseline: match[2]!.toUpperCase(), family };
}

/** How a framework is named where several sit side by side: the baseline first ("HIGH · NIST …"). */
export const frameworkShortName = (title: string, sourceUuid: string): string => {
  const { baseline, family } = catalogSource(title, sourceUuid);
  return baseline ? `${baseline} · ${family}` : title;
};
