import type { Evidence } from '../../../src-shared/domain/evidence';
import { expiryBadge } from './format';

export function ExpiryBadge({ evidence }: { evidence: Pick<Evidence, 'expired' | 'expiresInDays'> }) {
  const badge = expiryBadge(evidence);
  if (!badge) return null;
  return <span className={`badge evidence-badge-${badge.tone}`}>{badge.text}</span>;
}
