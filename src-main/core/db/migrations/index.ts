/**
 * Every replica migration, in order. This list only grows: a released migration is never
 * edited, and tables that sync change additively only (tests/unit/core/db/additive-migrations.test.ts).
 */
import type { Migration } from '../migrate';
import { m0001 } from './0001-sync-bookkeeping';
import { m0002 } from './0002-policies';
import { m0003 } from './0003-frameworks-controls';
import { m0004 } from './0004-policy-workflow';
import { m0005 } from './0005-evidence';
import { m0006 } from './0006-audits';
import { m0007 } from './0007-frameworks-extra';
import { m0008 } from './0008-policies-extra';
import { m0009 } from './0009-evidence-extra';
import { m0010 } from './0010-audits-extra';
import { m0011 } from './0011-dashboard-extra';
import { m0012 } from './0012-framework-source-archive';
import { m0013 } from './0013-control-implementations';
import { m0014 } from './0014-finding-details';
import { m0015 } from './0015-audit-search';
import { m0016 } from './0016-search-prefix-write-tail';
import { m0017 } from './0017-approval-comment';
import { m0018 } from './0018-audit-reopen';
import { m0019 } from './0019-sync-replica';
import { m0020 } from './0020-start-and-search-at-scale';
import { m0021 } from './0021-capture-signatures';
import { m0022 } from './0022-ai-assisted-revisions';
import { m0023 } from './0023-policy-edited-by';
import { m0024 } from './0024-evidence-file-versions';
import { m0025 } from './0025-file-transfers';
import { m0026 } from './0026-file-cache';
import { m0027 } from './0027-first-sync-progress';
import { m0028 } from './0028-dashboard-indexes';
import { m0029 } from './0029-outbox-sent-at';

export const migrations: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
  m0020,
  m0021,
  m0022,
  m0023,
  m0024,
  m0025,
  m0026,
  m0027,
  m0028,
  m0029,
];

/** Tables that sync with the server: their columns may be added, never dropped or retyped. */
export const syncedTables: readonly string[] = migrations.flatMap((m) => m.syncedTables ?? []);
