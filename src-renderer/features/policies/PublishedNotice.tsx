/**
 * While a newer draft goes through approval, the published revision stays in force: this says
 * so and lets the reader open that text.
 */
import { useEffect, useState } from 'react';
import type { Policy, PolicyRevision } from '../../../src-shared/domain/policy';
import { call, complyflow } from '../../api/complyflow';
import { MarkdownPreview } from './MarkdownPreview';
import { versionLabel } from './version';

export function PublishedNotice({ policy }: { policy: Policy }) {
  const [published, setPublished] = useState<PolicyRevision | null>(null);
  const pending = policy.publishedRevisionId !== null && policy.publishedRevisionId !== policy.currentRevisionId;

  useEffect(() => {
    if (!pending) return setPublished(null);
    let live = true;
    call(complyflow().policies.publishedRevision({ policyId: policy.id })).then(
      (r) => live && setPublished(r),
      () => live && setPublished(null),
    );
    return () => {
      live = false;
    };
  }, [pending, policy.id, policy.publishedRevisionId]);

  if (!pending || !published) return null;
  return (
    <details className="published-notice" data-testid="published-notice">
      <summary>
        Published version {versionLabel(published).slice(1)} stays in force until this draft is approved and published. Read the
        published text
      </summary>
      <h3>{published.title}</h3>
      <MarkdownPreview source={published.body} />
    </details>
  );
}
