/**
 * Seeds a framework with controls (and enhancements) by direct SQL, the way an imported catalog
 * leaves them, so audit tests do not depend on the catalog importer.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../../src-main/core/db/database';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';

export interface SeededFramework {
  frameworkId: string;
  /** Live control ids in catalog order (enhancements follow their parent). */
  controlIds: string[];
  deletedControlId: string;
}

export function seedFramework(db: Db, title = 'NIST SP 800-53 LOW', families = 2, perFamily = 3): SeededFramework {
  const at = '2026-01-01T00:00:00.000Z';
  const frameworkId = randomUUID();
  db.prepare(
    `INSERT INTO frameworks (id, org_id, title, version, source_uuid, created_at, updated_at, updated_by) VALUES (?, ?, ?, '5.1', ?, ?, ?, 'seed')`,
  ).run(frameworkId, LOCAL_ORG_ID, title, randomUUID(), at, at);
  const insert = db.prepare(
    `INSERT INTO controls (id, org_id, framework_id, parent_id, control_key, label, title, group_title, statement, sort_key, created_at, updated_at, updated_by, deleted_at)
     VALUES (@id, @org, @fw, @parent, @key, @label, @title, @group, @statement, @sort, @at, @at, 'seed', @deleted)`,
  );
  const controlIds: string[] = [];
  const families_ = ['ac', 'au', 'ia', 'sc'].slice(0, families);
  for (const family of families_) {
    for (let n = 1; n <= perFamily; n++) {
      const id = randomUUID();
      const sort = `${family}-${String(n).padStart(2, '0')}`;
      insert.run({
        id,
        org: LOCAL_ORG_ID,
        fw: frameworkId,
        parent: null,
        key: `${family}-${n}`,
        label: `${family.toUpperCase()}-${n}`,
        title: `${family.toUpperCase()} control ${n}`,
        group: `Family ${family}`,
        statement: `The organization does ${family} thing ${n}.`,
        sort,
        at,
        deleted: null,
      });
      controlIds.push(id);
      // Every first control of a family has one enhancement (a nested control).
      if (n === 1) {
        const enh = randomUUID();
        insert.run({
          id: enh,
          org: LOCAL_ORG_ID,
          fw: frameworkId,
          parent: id,
          key: `${family}-${n}.1`,
          label: `${family.toUpperCase()}-${n}(1)`,
          title: `${family.toUpperCase()} enhancement`,
          group: `Family ${family}`,
          statement: 'Automated support.',
          sort: `${sort}.01`,
          at,
          deleted: null,
        });
        controlIds.push(enh);
      }
    }
  }
  const deletedControlId = randomUUID();
  insert.run({
    id: deletedControlId,
    org: LOCAL_ORG_ID,
    fw: frameworkId,
    parent: null,
    key: 'zz-1',
    label: 'ZZ-1',
    title: 'Withdrawn',
    group: 'Withdrawn',
    statement: '',
    sort: 'zz-01',
    at,
    deleted: at,
  });
  return { frameworkId, controlIds, deletedControlId };
}
