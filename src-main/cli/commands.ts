/**
 * The CLI's commands. Each opens the workspace the way the app does (createCore on the data
 * folder: same migrations, same checks) and answers an exit code; everything it prints goes
 * through `out` / `err` so tests can read it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Id } from '../../src-shared/domain/common';
import { ErrorCode, type AppError } from '../../src-shared/errors';
import { createCore } from '../core/core';
import { writeAuditPackage } from '../core/exports/package-writer';
import { UnreadablePackageError, verifyPackage } from '../core/exports/verify-package';
import { UsageError } from './args';
import { plural } from '../../src-shared/words';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;
export const MAX_CATALOG_BYTES = 100 * 1024 * 1024;

const quiet = { error: () => undefined };

function requireDataDir(dataDir: string | null): string {
  if (!dataDir) throw new UsageError('This command needs a data folder: pass --data-dir <dir> or set COMPLYFLOW_DATA_DIR.');
  return path.resolve(dataDir);
}

function exitForAppError(error: AppError): number {
  return error.code === ErrorCode.DatabaseUnusable ? EXIT.usage : EXIT.problem;
}

export async function importFramework(dataDir: string | null, operands: string[], io: Io): Promise<number> {
  if (operands.length !== 1) throw new UsageError('import-framework takes exactly one file: import-framework <catalog.json>');
  const file = path.resolve(operands[0]!);
  const dir = requireDataDir(dataDir);
  let content: string;
  try {
    if (statSync(file).size > MAX_CATALOG_BYTES) {
      io.err(`${file} is larger than ${MAX_CATALOG_BYTES / 1024 / 1024} MB; it is not a catalog this app imports.`);
      return EXIT.problem;
    }
    content = readFileSync(file, 'utf8');
    JSON.parse(content);
  } catch (error) {
    io.err(
      error instanceof SyntaxError
        ? `${file} is not valid JSON: ${error.message}`
        : `Cannot read ${file}: ${(error as Error).message}`,
    );
    return EXIT.usage;
  }
  const core = createCore({ dataDir: dir, log: quiet });
  try {
    // Through the router, as the app's "Import a catalog file" does: the same validation applies.
    const result = await core.router.call(
      'frameworks',
      'importFile',
      { fileName: path.basename(file), content },
      { actor: 'cli' },
    );
    if (!result.ok) {
      io.err(`complyflow: ${result.error.message}`);
      return result.error.code === ErrorCode.DatabaseUnusable ? EXIT.usage : EXIT.problem;
    }
    const outcome = result.value as { frameworkId: string; controls: number; created: boolean };
    io.out(
      outcome.created
        ? `Imported ${plural(outcome.controls, 'control')} as framework ${outcome.frameworkId}.`
        : `Framework ${outcome.frameworkId} was already imported (${plural(outcome.controls, 'control')}); nothing changed.`,
    );
    return EXIT.ok;
  } finally {
    core.close();
  }
}

export async function exportPackage(
  dataDir: string | null,
  options: Record<string, string>,
  operands: string[],
  io: Io,
): Promise<number> {
  const auditId = options.audit;
  if (!auditId) throw new UsageError('export-package needs --audit <id>.');
  if (!Id.safeParse(auditId).success) throw new UsageError(`--audit ${auditId}: must be the audit's id (a UUID).`);
  if (operands.length !== 1)
    throw new UsageError('export-package takes exactly one output file: export-package --audit <id> <out.zip>');
  const target = path.resolve(operands[0]!);
  if (existsSync(target)) {
    io.err(`${target} already exists; choose a new file name (the CLI never overwrites a package).`);
    return EXIT.usage;
  }
  if (!existsSync(path.dirname(target))) {
    io.err(`The folder ${path.dirname(target)} does not exist.`);
    return EXIT.usage;
  }
  const dir = requireDataDir(dataDir);
  const core = createCore({ dataDir: dir, log: quiet });
  try {
    const result = await writeAuditPackage(core.deps, { auditId, outPath: target, actor: 'cli' });
    io.out(`Wrote ${result.path} (${result.files} files, ${result.sizeBytes} bytes, SHA-256 ${result.sha256}).`);
    if (result.omitted > 0)
      io.err(`${result.omitted} evidence file(s) are not on this device and were left out; the manifest lists them.`);
    return EXIT.ok;
  } finally {
    core.close();
  }
}

export async function verify(operands: string[], io: Io): Promise<number> {
  if (operands.length !== 1) throw new UsageError('verify-package takes exactly one file: verify-package <package.zip>');
  const file = path.resolve(operands[0]!);
  try {
    const result = await verifyPackage(file);
    for (const problem of result.problems) io.out(`MISMATCH ${problem.file}: ${problem.problem}`);
    const signer = result.signedBy;
    if (signer)
      io.out(
        `Signed by ${signer.user || 'an unnamed user'}${signer.userId ? ` (user ${signer.userId})` : ''} on device ${signer.deviceName || signer.deviceId} (${signer.deviceId}), organization ${signer.orgId}, key fingerprint ${signer.fingerprint}.`,
      );
    if (result.ok) {
      io.out(`OK: ${plural(result.checked, 'file')} ${result.checked === 1 ? 'matches' : 'match'} the manifest.`);
      return EXIT.ok;
    }
    io.out(`FAILED: ${result.problems.length} problem(s) in ${result.checked} checked files.`);
    return EXIT.problem;
  } catch (error) {
    if (error instanceof UnreadablePackageError) {
      io.err(error.message);
      return EXIT.usage;
    }
    throw error;
  }
}

export { exitForAppError };
