/**
 * The other devices' chains in an organization (pulled by sync), one line each: how many
 * events, and whether the chain is intact or where it first breaks.
 */
import type { TrailChainReport } from '../../../src-shared/domain/trail';

export function TrailChains({ chains }: { chains: readonly TrailChainReport[] }) {
  const broken = chains.filter((c) => !c.ok).length;
  return (
    <div className="trail-chains">
      <p className={broken ? 'error-text' : 'trail-verify-ok'}>
        Other devices: {chains.length} {chains.length === 1 ? 'chain' : 'chains'}
        {broken ? `, ${broken} broken` : ', all intact'}.
      </p>
      <ul aria-label="Other devices' audit trail chains">
        {chains.map((c) => (
          <li key={c.deviceId} className={c.ok ? undefined : 'trail-chain-broken'}>
            Device <code>{c.deviceId.slice(0, 8)}</code>: {c.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
