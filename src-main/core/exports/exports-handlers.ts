import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ApiHandlers } from '../../../src-shared/api';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { assignmentScope, auditHidden } from '../audits/assignments';
import { noAudit } from '../audits/audit-rows';
import type { CoreDeps } from '../deps';
import { asDownload, outcome, requireDesktop } from '../files/file-handoff';
import { sha256Of } from '../evidence/blob-store';
import { exportsFolder, writeAuditPackage } from './package-writer';

export function exportsHandlers(deps: CoreDeps): ApiHandlers['exports'] {
  /** A package written earlier, by file name only: the schema allows no separator, so it stays in the folder. */
  const packageFile = (fileName: string): string => {
    const file = path.join(exportsFolder(deps), fileName);
    if (path.dirname(file) !== exportsFolder(deps) || !existsSync(file) || !statSync(file).isFile()) {
      throw new AppError(ErrorCode.NotFound, `No package named “${fileName}” in the exports folder.`);
    }
    return file;
  };
  return {
    // Always into <dataDir>/exports with a name made from the audit's title: the renderer never
    // chooses a path.
    // An audit hidden from an auditor is answered as a missing one (a display rule: assignments.ts).
    auditPackage: ({ auditId }, ctx) => {
      if (auditHidden(deps.db, assignmentScope(deps, ctx.actor), auditId)) throw noAudit(auditId);
      return writeAuditPackage(deps, { auditId, actor: ctx.actor });
    },
    download: ({ fileName }) => {
      const file = packageFile(fileName);
      let bytes: Buffer | null = null;
      const read = () => (bytes ??= readFileSync(file));
      const size = statSync(file).size;
      const download = asDownload({ name: fileName, mimeType: 'application/zip', sha256: '', sizeBytes: size }, read);
      return { ...download, sha256: sha256Of(read()) };
    },
    saveAs: async ({ fileName }) => {
      const desktop = requireDesktop(deps.desktop, 'Save as…');
      const saved = await desktop.saveCopyAs(packageFile(fileName), fileName);
      return saved ? outcome(true, saved, `Saved the package as ${saved}.`) : outcome(false, null, 'Not saved.');
    },
    showInFolder: async ({ fileName }) => {
      const desktop = requireDesktop(deps.desktop, 'Show in folder');
      const file = packageFile(fileName);
      await desktop.showInFolder(file);
      return outcome(true, file, `Showing ${fileName} in its folder.`);
    },
  };
}
