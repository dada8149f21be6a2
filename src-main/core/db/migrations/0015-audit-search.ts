import type { Migration } from '../migrate';

/**
 * Full-text search over audits (title, auditors) and test notes, and findings indexed on every
 * field an auditor writes (not only title and description). Local indexes only: no synced
 * column changes. The findings index is rebuilt from the table, so existing rows are found.
 */
const FINDING_TEXT = 'title, description, condition, criteria, cause, effect, recommendation, management_response';
const values = (prefix: string) =>
  FINDING_TEXT.split(', ')
    .map((column) => `${prefix}.${column}`)
    .join(', ');

export const m0015: Migration = {
  version: 15,
  name: 'audit-search',
  sql: /* sql */ `
    DROP TRIGGER findings_fts_insert;
    DROP TRIGGER findings_fts_delete;
    DROP TRIGGER findings_fts_update;
    DROP TABLE findings_fts;
    CREATE VIRTUAL TABLE findings_fts USING fts5(
      ${FINDING_TEXT}, content='findings', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER findings_fts_insert AFTER INSERT ON findings BEGIN
      INSERT INTO findings_fts (rowid, ${FINDING_TEXT}) VALUES (new.rowid, ${values('new')});
    END;
    CREATE TRIGGER findings_fts_delete AFTER DELETE ON findings BEGIN
      INSERT INTO findings_fts (findings_fts, rowid, ${FINDING_TEXT}) VALUES ('delete', old.rowid, ${values('old')});
    END;
    CREATE TRIGGER findings_fts_update AFTER UPDATE OF ${FINDING_TEXT} ON findings BEGIN
      INSERT INTO findings_fts (findings_fts, rowid, ${FINDING_TEXT}) VALUES ('delete', old.rowid, ${values('old')});
      INSERT INTO findings_fts (rowid, ${FINDING_TEXT}) VALUES (new.rowid, ${values('new')});
    END;
    INSERT INTO findings_fts (findings_fts) VALUES ('rebuild');

    CREATE VIRTUAL TABLE audits_fts USING fts5(
      title, auditors, content='audits', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER audits_fts_insert AFTER INSERT ON audits BEGIN
      INSERT INTO audits_fts (rowid, title, auditors) VALUES (new.rowid, new.title, new.auditors);
    END;
    CREATE TRIGGER audits_fts_delete AFTER DELETE ON audits BEGIN
      INSERT INTO audits_fts (audits_fts, rowid, title, auditors) VALUES ('delete', old.rowid, old.title, old.auditors);
    END;
    CREATE TRIGGER audits_fts_update AFTER UPDATE OF title, auditors ON audits BEGIN
      INSERT INTO audits_fts (audits_fts, rowid, title, auditors) VALUES ('delete', old.rowid, old.title, old.auditors);
      INSERT INTO audits_fts (rowid, title, auditors) VALUES (new.rowid, new.title, new.auditors);
    END;
    INSERT INTO audits_fts (audits_fts) VALUES ('rebuild');

    CREATE VIRTUAL TABLE audit_results_fts USING fts5(
      notes, content='audit_results', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER audit_results_fts_insert AFTER INSERT ON audit_results BEGIN
      INSERT INTO audit_results_fts (rowid, notes) VALUES (new.rowid, new.notes);
    END;
    CREATE TRIGGER audit_results_fts_delete AFTER DELETE ON audit_results BEGIN
      INSERT INTO audit_results_fts (audit_results_fts, rowid, notes) VALUES ('delete', old.rowid, old.notes);
    END;
    CREATE TRIGGER audit_results_fts_update AFTER UPDATE OF notes ON audit_results BEGIN
      INSERT INTO audit_results_fts (audit_results_fts, rowid, notes) VALUES ('delete', old.rowid, old.notes);
      INSERT INTO audit_results_fts (rowid, notes) VALUES (new.rowid, new.notes);
    END;
    INSERT INTO audit_results_fts (audit_results_fts) VALUES ('rebuild');
  `,
};
