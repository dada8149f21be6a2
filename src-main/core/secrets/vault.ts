/**
 * The one rule for keeping secrets, shared by every host: secrets go to disk only when the OS
 * encrypts them, or when the user has accepted that they cannot be (DESIGN §6: Linux with the
 * `basic_text` backend, or the browser host). Otherwise they live in memory and the user signs in
 * again after a restart. Settings shows which, and why.
 */
import type { SecretsStatus } from '../../../src-shared/domain/account';
import type { SecretStore, VaultBackend } from './secret-store';

export function createVault(backend: VaultBackend): SecretStore {
  let riskAccepted = false;
  const persistent = () => backend.protection === 'os-encrypted' || riskAccepted;
  const memory = new Map<string, string>();
  // Read once, before the first call is answered.
  const ready = (async () => {
    riskAccepted = backend.protection === 'plaintext' ? await backend.loadRiskAccepted() : false;
    if (persistent()) for (const [key, value] of Object.entries((await backend.load()) ?? {})) memory.set(key, value);
  })();
  // One write at a time, in order: a refresh racing a sign-out must not resurrect a token.
  let writes: Promise<void> = Promise.resolve();
  const persist = () => {
    const snapshot = Object.fromEntries(memory);
    writes = writes.then(() => (persistent() ? backend.save(snapshot) : undefined));
    return writes;
  };

  const status = (): SecretsStatus => ({
    protection: backend.protection === 'os-encrypted' ? 'os-encrypted' : riskAccepted ? 'plaintext' : 'memory',
    persistent: persistent(),
    canAcceptRisk: backend.protection === 'plaintext',
    riskAccepted,
    explanation: backend.explanation,
  });

  return {
    status: () => ready.then(status),
    async acceptRisk(accepted) {
      await ready;
      if (backend.protection !== 'plaintext') return status();
      riskAccepted = accepted;
      await backend.saveRiskAccepted(accepted);
      if (accepted) await persist();
      else {
        await writes;
        await backend.clear();
      }
      return status();
    },
    get: (key) => ready.then(() => memory.get(key) ?? null),
    async set(key, value) {
      await ready;
      memory.set(key, value);
      await persist();
    },
    async remove(key) {
      await ready;
      memory.delete(key);
      await persist();
    },
  };
}

/** Secrets that never leave memory (tests; a host with no disk to keep them on). */
export function memoryBackend(explanation = 'Kept in memory only: you sign in again after a restart.'): VaultBackend {
  return {
    protection: 'plaintext',
    explanation,
    load: async () => null,
    save: async () => undefined,
    clear: async () => undefined,
    loadRiskAccepted: async () => false,
    saveRiskAccepted: async () => undefined,
  };
}
