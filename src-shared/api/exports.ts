/** The exports namespace: the audit package for the auditor (a zip with a hashed manifest). */
import { AuditPackageInput, AuditPackageOutput } from '../domain/export';
import { FileActionOutcome, FileDownload, PackageFileInput } from '../domain/files';
import { method } from './define';

export const exportsApi = {
  /** Writes <dataDir>/exports/<audit-slug>-<yyyymmdd-hhmmss>.zip; progress as job.progress events. */
  auditPackage: method(AuditPackageInput, AuditPackageOutput),
  /** A written package as a download (browser host). */
  download: method(PackageFileInput, FileDownload),
  /** Desktop app: copies a written package where the user chooses (save dialog). */
  saveAs: method(PackageFileInput, FileActionOutcome),
  /** Desktop app: shows a written package in the system's file manager. */
  showInFolder: method(PackageFileInput, FileActionOutcome),
};
