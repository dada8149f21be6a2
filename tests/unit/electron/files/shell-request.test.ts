/**
 * Main's check of the core's file hand-off requests: only files inside the data folder's blob
 * store, exports and temporary copies; a suggested name is a plain name; anything malformed is
 * dropped. Adversarial paths included.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialogName, planShellRequest, saveDialogOptions } from '../../../../src-main/electron/files/shell-request';

const dataDir = path.resolve('/home/ana/.config/ComplyFlow');
const at = (...parts: string[]) => path.join(dataDir, ...parts);
const req = (action: string, file: string, extra: Record<string, unknown> = {}) => ({
  type: 'shell-request',
  requestId: 'r1',
  action,
  path: file,
  ...extra,
});

describe('planShellRequest', () => {
  it.each([
    ['open', at('tmp', 'open', 'f0c1', 'report.pdf')],
    ['show', at('exports', 'q1-audit-20260310-093005.zip')],
    ['show', at('workspaces', 'local', 'exports', 'x.zip')],
  ])('allows %s of %s', (action, file) => {
    expect(planShellRequest(req(action, file), dataDir)).toEqual({ plan: { requestId: 'r1', action, path: file } });
  });

  it('plans a save-copy from the blob store with a plain default name', () => {
    const source = at('workspaces', 'local', 'blobs', 'sha256', 'ab', 'cdef');
    expect(planShellRequest(req('save-copy', source, { suggestedName: '../../etc/passwd' }), dataDir)).toEqual({
      plan: { requestId: 'r1', action: 'save-copy', path: source, defaultName: 'passwd' },
    });
  });

  it.each([
    ['a file outside the data folder', '/etc/passwd'],
    ['a climb out of the exports folder', `${at('exports')}/../../../../etc/shadow`],
    ['the data folder itself', dataDir],
    ['the replica database', at('replica.sqlite3')],
    ['a sibling folder with a shared prefix', `${dataDir}-evil/exports/x.zip`],
    ['a relative path', 'exports/x.zip'],
  ])('refuses %s, naming why', (_name, file) => {
    expect(planShellRequest(req('open', file), dataDir)).toEqual({
      refusal: {
        type: 'shell-reply',
        requestId: 'r1',
        ok: false,
        message: 'That file is not one ComplyFlow hands over (it is outside the app’s data folder).',
      },
    });
  });

  it.each([
    ['no type', { requestId: 'r1', action: 'open', path: at('exports', 'x.zip') }],
    ['an unknown action', req('delete', at('exports', 'x.zip'))],
    ['save-copy without a name', req('save-copy', at('exports', 'x.zip'))],
    ['a path that is not text', { ...req('open', ''), path: 42 }],
    ['not an object', 'open /etc/passwd'],
  ])('drops %s without answering', (_name, message) => {
    expect(planShellRequest(message, dataDir)).toEqual({ refusal: null });
  });
});

describe('dialogName and saveDialogOptions', () => {
  it.each([
    ['Q1 report.pdf', 'Q1 report.pdf'],
    ['C:\\Users\\x\\evil.exe', 'evil.exe'],
    ['..', 'file'],
    ['.hidden', 'hidden'],
    ['a\u0000b<c>.txt', 'a_b_c_.txt'],
    ['', 'file'],
  ])('%j → %j', (name, expected) => {
    expect(dialogName(name)).toBe(expected);
  });

  it('suggests the name in Downloads with a filter for its extension', () => {
    expect(saveDialogOptions('audit.zip', '/home/ana/Downloads')).toEqual({
      title: 'Save a copy',
      defaultPath: path.join('/home/ana/Downloads', 'audit.zip'),
      filters: [
        { name: 'ZIP file', extensions: ['zip'] },
        { name: 'All files', extensions: ['*'] },
      ],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    expect(saveDialogOptions('README', '/d').filters).toEqual([]);
  });
});
