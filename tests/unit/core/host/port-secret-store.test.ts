/**
 * The core's side of the secret store in Electron: each operation is one request to main over the
 * parent port, answered by id; a malformed or late answer does not resolve another operation, and
 * a main that never answers fails the operation in words instead of hanging sign-in.
 */
import { describe, expect, it } from 'vitest';
import { portSecretStore } from '../../../../src-main/core/host/port-secret-store';
import type { CoreProcessMessage } from '../../../../src-main/core/host/parent-port';
import { safeStorageVault } from '../../../../src-main/electron/secrets/safe-storage-vault';
import { answerSecretRequest } from '../../../../src-main/electron/secrets/serve-secrets';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('the secret store over the parent port', () => {
  it('round-trips every operation through main’s vault', async () => {
    const vault = safeStorageVault(
      {
        isEncryptionAvailable: () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptString: (s) => Buffer.from(s),
        decryptString: (b) => b.toString(),
      },
      mkdtempSync(path.join(os.tmpdir(), 'complyflow-port-')),
      'linux',
    );
    const store = portSecretStore((message: CoreProcessMessage) => {
      void answerSecretRequest(vault, message).then((answer) => answer?.type === 'secrets-result' && store.receive(answer));
    });
    await store.set('complyflow.session.host', 'token-1');
    expect(await store.get('complyflow.session.host')).toBe('token-1');
    await store.remove('complyflow.session.host');
    expect(await store.get('complyflow.session.host')).toBeNull();
    expect(await store.status()).toMatchObject({ protection: 'os-encrypted', persistent: true });
  });

  it('matches answers by id and fails in words when main does not answer', async () => {
    const sent: { id: number }[] = [];
    const store = portSecretStore((message) => message.type === 'secrets' && sent.push(message), 100);
    const first = store.get('a');
    const second = store.get('b');
    store.receive({ type: 'secrets-result', id: sent[1]!.id, ok: true, value: 'for b' });
    store.receive({ type: 'secrets-result', id: 9999, ok: true, value: 'nobody asked' });
    expect(await second).toBe('for b');
    await expect(first).rejects.toThrow('The secret store of the app did not answer.');
    const failing = store.set('c', 'x');
    store.receive({ type: 'secrets-result', id: sent[2]!.id, ok: false, message: 'disk full' });
    await expect(failing).rejects.toThrow('disk full');
  });
});
