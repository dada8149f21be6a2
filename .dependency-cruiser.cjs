/**
 * Process boundaries (DESIGN §2): the core and the shared contract never import electron; the
 * shell never imports the browser host (the dev/test server); the shared contract has no Node,
 * DOM or Electron; the renderer reaches nothing but src-shared and browser packages.
 * `npm run lint` fails when any of these is crossed.
 */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-electron',
      comment: 'src-main/core runs as a plain Node process (utility process, browser host, tests).',
      severity: 'error',
      from: { path: '^src-main/(core|browser-host|cli)/' },
      to: { path: '^electron$|node_modules/electron/', dependencyTypes: ['npm', 'npm-dev', 'core', 'unknown', 'undetermined'] },
    },
    {
      name: 'core-imports-shell-or-ui',
      severity: 'error',
      from: { path: '^src-main/core/' },
      to: { path: '^src-(renderer|main/(electron|browser-host))/' },
    },
    {
      name: 'shell-imports-dev-host',
      comment:
        'The browser host is a development and test server, left out of the packaged app: the shell must not need it. Code both hosts use lives in src-main/core/host.',
      severity: 'error',
      from: { path: '^src-main/electron/' },
      to: { path: '^src-main/browser-host/' },
    },
    {
      name: 'shared-is-pure',
      comment: 'src-shared is imported by every process: no Node built-ins, no electron, no app code.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-renderer)/|^electron$', dependencyTypes: ['core', 'local', 'npm', 'npm-dev', 'unknown'] },
    },
    {
      name: 'shared-no-node',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-node',
      comment: 'The renderer talks only to window.complyflow: no Node built-ins, no electron.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-only-shared',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/|^electron$|node_modules/electron/|node_modules/better-sqlite3/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '\\.css$' },
  },
};
