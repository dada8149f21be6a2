/**
 * Where the core keeps the session (refresh token) and, later, the device key: a SecretStore the
 * host provides. In Electron, main implements it with safeStorage (the only process that has it)
 * and answers the core over its port; the browser host and tests keep secrets in memory. The
 * renderer never reaches it.
 */
import type { SecretsStatus } from '../../../src-shared/domain/account';

export interface SecretStore {
  status(): Promise<SecretsStatus>;
  /** The user's choice to keep secrets on disk although they cannot be encrypted (or to stop). */
  acceptRisk(accepted: boolean): Promise<SecretsStatus>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** What a host can persist secrets with: its own encryption (or none) and a file. */
export interface VaultBackend {
  /** 'os-encrypted' when the OS keyring protects the file; 'plaintext' when it cannot. */
  readonly protection: 'os-encrypted' | 'plaintext';
  /** Why secrets are kept as they are, in words, for Settings. */
  readonly explanation: string;
  /** The stored secrets, or null when nothing is stored or the file cannot be read back. */
  load(): Promise<Record<string, string> | null>;
  save(secrets: Record<string, string>): Promise<void>;
  clear(): Promise<void>;
  /** Whether the user accepted keeping unencrypted secrets on disk (kept beside them, not secret). */
  loadRiskAccepted(): Promise<boolean>;
  saveRiskAccepted(accepted: boolean): Promise<void>;
}
