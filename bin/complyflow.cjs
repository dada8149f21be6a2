#!/usr/bin/env node
// The complyflow command (package.json "bin"): runs the bundled CLI from dist/main.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('complyflow: the CLI is not built yet; run `npm run build` in the ComplyFlow folder first.\n');
  process.exit(2);
}
process.env.COMPLYFLOW_CLI_MAIN = '1';
require(bundle);
