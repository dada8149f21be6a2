/** The exports namespace: the audit package for the auditor (a zip with a hashed manifest). */
import { AuditPackageInput, AuditPackageOutput } from '../domain/export';
import { method } from './define';

export const exportsApi = {
  /** Writes <dataDir>/exports/<audit-slug>-<yyyymmdd-hhmmss>.zip; progress as job.progress events. */
  auditPackage: method(AuditPackageInput, AuditPackageOutput),
};
