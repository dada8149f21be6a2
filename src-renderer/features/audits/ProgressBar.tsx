import type { AuditProgress } from '../../../src-shared/domain/audit';
import { plural } from '../../../src-shared/words';

/** Tested of in-scope as a bar, with the numbers in words for screen readers and at a glance. */
export function ProgressBar({ progress, label }: { progress: AuditProgress; label: string }) {
  const { inScope, tested, failed, openFindings } = progress;
  return (
    <div className="audit-progress">
      <progress
        max={Math.max(inScope, 1)}
        value={tested}
        aria-label={`${label}: ${tested} of ${plural(inScope, 'control')} tested`}
      />
      <span className="audit-progress-text">
        {tested}/{inScope} tested · {failed} failed · {openFindings} open {openFindings === 1 ? 'finding' : 'findings'}
      </span>
    </div>
  );
}
