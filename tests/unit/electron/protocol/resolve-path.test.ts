import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPath } from '../../../../src-main/electron/protocol/resolve-path';

const root = '/opt/ComplyFlow/resources/app.asar/dist/renderer';
const winRoot = 'C:\\Program Files\\ComplyFlow\\resources\\app.asar\\dist\\renderer';

describe('app:// paths map into the renderer folder or nowhere', () => {
  it.each([
    ['/index.html', `${root}/index.html`, 'text/html; charset=utf-8'],
    ['/', `${root}/index.html`, 'text/html; charset=utf-8'],
    ['', `${root}/index.html`, 'text/html; charset=utf-8'],
    ['/assets/index-Bx12.js', `${root}/assets/index-Bx12.js`, 'text/javascript; charset=utf-8'],
    ['/assets/index-Bx12.css', `${root}/assets/index-Bx12.css`, 'text/css; charset=utf-8'],
    ['/assets/Inter%20Var.woff2', `${root}/assets/Inter Var.woff2`, 'font/woff2'],
    ['//assets//logo.SVG', `${root}/assets/logo.SVG`, 'image/svg+xml'],
    // an app route without a file extension loads the app
    ['/policies/123', `${root}/index.html`, 'text/html; charset=utf-8'],
  ])('%j → %s', (pathname, file, contentType) => {
    expect(resolveAppPath(root, pathname, path.posix)).toEqual({ file, contentType });
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.js',
    '/..',
    '/%2e%2e/secret.js',
    '/%2E%2E/%2E%2E/etc/passwd.txt',
    '/.%2e/secret.js',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.js',
    '/..%2fsecret.js',
    '/./index.html',
    '/%2e/index.html',
    '/..\\secret.js',
    '/assets\\..\\..\\secret.js',
    '/%5c..%5csecret.js',
    '/index.html%00.js',
    '/index.html\u0000',
    '/%0aindex.html',
    '/C:/Windows/win.ini',
    '/C%3A/Windows/win.ini',
    '/index.html:stream.js',
    '/%E0%A4%A', // malformed percent-encoding
    '/%',
    '/.env',
    '/assets/app.exe',
    '/package.json.bak',
    `/${'a/'.repeat(600)}x.js`,
  ])('refuses %j', (pathname) => {
    expect(resolveAppPath(root, pathname, path.posix)).toBeNull();
    expect(resolveAppPath(winRoot, pathname, path.win32)).toBeNull();
  });

  it('joins with the platform separator and stays inside the root on Windows too', () => {
    expect(resolveAppPath(winRoot, '/assets/app.js', path.win32)).toEqual({
      file: `${winRoot}\\assets\\app.js`,
      contentType: 'text/javascript; charset=utf-8',
    });
    // An absolute path in the request never replaces the root.
    expect(resolveAppPath(winRoot, '//server/share/x.js', path.win32)?.file).toBe(`${winRoot}\\server\\share\\x.js`);
    expect(resolveAppPath(root, '//etc/passwd.txt', path.posix)?.file).toBe(`${root}/etc/passwd.txt`);
  });

  it('decodes once: a double-encoded dot-dot is a literal file name inside the root', () => {
    expect(resolveAppPath(root, '/%252e%252e/x.js', path.posix)?.file).toBe(`${root}/%2e%2e/x.js`);
  });
});
