/**
 * "Captured offline on <device> at <time>, signature valid" for evidence captured in an audit,
 * as the core verified it (complyflow-capture-v1); a signature that does not match says so in
 * words and stands out. The key's fingerprint is there for anyone comparing it with Settings →
 * Devices.
 */
import { captureLine, type CaptureProof } from '../../../src-shared/domain/evidence';
import { formatDateTime } from '../../components/dates';

export function CaptureLine({ proof }: { proof: CaptureProof }) {
  const ok = proof.status === 'valid';
  return (
    <span
      className={ok ? 'capture-line' : 'capture-line capture-line-bad'}
      data-testid="evidence-capture-line"
      data-status={proof.status}
      role={ok ? undefined : 'alert'}
    >
      {captureLine(proof, formatDateTime)}
      <span className="capture-key"> · key {proof.fingerprint}</span>
    </span>
  );
}
