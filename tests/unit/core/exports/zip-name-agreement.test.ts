/**
 * verify-package refuses a zip whose names for one entry disagree: the local header, the central
 * directory and the Info-ZIP Unicode Path extra field (0x7075, in either place). The zips are
 * built here byte by byte (stored entries) from a real exported package, so each disagreement
 * is exactly one field; the same builder with agreeing names verifies ok (the control case).
 */
import { crc32 } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../src-main/core/core';
import { verifyPackage } from '../../../../src-main/core/exports/verify-package';
import type { AuditPackageOutput } from '../../../../src-shared/domain/export';
import { tempDir } from '../../../support/temp-dir';
import { seedAudit, seedControl, seedEvidence, seedFramework } from '../dashboard/seed';
import { readZip } from './zip-util';

interface Crafted {
  name: string;
  bytes: Buffer;
  /** The local header's name, when it should differ from the central directory's. */
  localName?: string;
  centralUnicode?: { name: string; crcOf?: string };
  localUnicode?: { name: string; crcOf?: string };
}

const unicodePath = (field: { name: string; crcOf?: string }, rawName: string) => {
  const name = Buffer.from(field.name);
  const data = Buffer.alloc(5 + name.length);
  data[0] = 1;
  data.writeUInt32LE(crc32(Buffer.from(field.crcOf ?? rawName)), 1);
  name.copy(data, 5);
  const header = Buffer.alloc(4);
  header.writeUInt16LE(0x7075, 0);
  header.writeUInt16LE(data.length, 2);
  return Buffer.concat([header, data]);
};

/** A zip of stored entries (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16), names UTF-8 (flag bit 11). */
function craftZip(entries: Crafted[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const localName = Buffer.from(e.localName ?? e.name);
    const localExtra = e.localUnicode ? unicodePath(e.localUnicode, e.name) : Buffer.alloc(0);
    const centralExtra = e.centralUnicode ? unicodePath(e.centralUnicode, e.name) : Buffer.alloc(0);
    const crc = crc32(e.bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.bytes.length, 18);
    local.writeUInt32LE(e.bytes.length, 22);
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.bytes.length, 20);
    central.writeUInt32LE(e.bytes.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(centralExtra.length, 30);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    const localRecord = Buffer.concat([local, localName, localExtra, e.bytes]);
    locals.push(localRecord);
    centrals.push(Buffer.concat([central, name, centralExtra]));
    offset += localRecord.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

let dir: ReturnType<typeof tempDir>;
let core: Core;
let entries: Crafted[];
let evidenceName: string;

beforeEach(async () => {
  dir = tempDir();
  core = createCore({ dataDir: dir.path, now: () => '2026-03-10T09:30:05.000Z', log: { error: () => undefined } });
  const fw = seedFramework(core, 'NIST Moderate');
  const ac2 = seedControl(core, fw, { key: 'ac-2', title: 'Account Management' });
  const audit = seedAudit(core, { title: 'Q1', frameworkId: fw, scope: [ac2] });
  seedEvidence(core, { title: 'Access review', fileName: 'review.txt', bytes: Buffer.from('12 accounts'), controlIds: [ac2] });
  const result = await core.router.call('exports', 'auditPackage', { auditId: audit }, { actor: 'local' });
  if (!result.ok) throw new Error(result.error.message);
  const files = await readZip((result.value as AuditPackageOutput).path);
  entries = [...files].map(([name, bytes]) => ({ name, bytes }));
  evidenceName = entries.find((e) => e.name.startsWith('evidence/'))!.name;
});
afterEach(() => {
  core.close();
  dir.remove();
});

async function verifyCrafted(change?: (entry: Crafted) => Crafted) {
  const file = path.join(dir.path, 'crafted.zip');
  writeFileSync(file, craftZip(entries.map((e) => (change && e.name === evidenceName ? change(e) : e))));
  return verifyPackage(file);
}

describe('verify-package and the names of one entry', () => {
  it('verifies the package rebuilt byte by byte, and with Unicode Path fields that agree', async () => {
    expect(await verifyCrafted()).toMatchObject({ ok: true, problems: [] });
    const agreeing = await verifyCrafted((e) => ({
      ...e,
      centralUnicode: { name: e.name },
      localUnicode: { name: e.name },
    }));
    expect(agreeing).toMatchObject({ ok: true, problems: [] });
  });

  it.each([
    [
      'the local header names another file',
      (e: Crafted) => ({ ...e, localName: 'evidence/payload.exe' }),
      /local header names it "evidence\/payload\.exe"/,
    ],
    [
      'the central Unicode Path names another file',
      (e: Crafted) => ({ ...e, centralUnicode: { name: 'evidence/payload.exe' } }),
      /Unicode Path field \(central directory\) names it "evidence\/payload\.exe"/,
    ],
    [
      'the local Unicode Path names another file',
      (e: Crafted) => ({ ...e, localUnicode: { name: '../outside.txt' } }),
      /Unicode Path field \(local header\) names it "\.\.\/outside\.txt"/,
    ],
    [
      'a Unicode Path carries the CRC of another name',
      (e: Crafted) => ({ ...e, centralUnicode: { name: e.name, crcOf: 'evidence/other.txt' } }),
      /Unicode Path field \(central directory\)/,
    ],
  ])('refuses a zip where %s, naming the entry', async (_label, change, problem) => {
    const result = await verifyCrafted(change);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ file: evidenceName, problem: expect.stringMatching(problem) }]);
  });
});
