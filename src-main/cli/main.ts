/**
 * The complyflow command line (bundled to dist/main/cli.cjs, run by bin/complyflow.cjs): import
 * a framework, export an audit package, verify a package offline. Exit codes: 0 ok, 1 problem
 * found, 2 usage error or unreadable input.
 */
import { AppError } from '../../src-shared/errors';
import { parseArgs, USAGE, UsageError } from './args';
import { EXIT, exitForAppError, exportPackage, importFramework, verify, type Io } from './commands';

export async function run(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const args = parseArgs(argv, env);
    if (args.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    switch (args.command) {
      case 'import-framework':
        return await importFramework(args.dataDir, args.operands, io);
      case 'export-package':
        return await exportPackage(args.dataDir, args.options, args.operands, io);
      case 'verify-package':
        return await verify(args.operands, io);
      case null:
        io.err(USAGE);
        return EXIT.usage;
      default:
        throw new UsageError(`Unknown command ${args.command}. Run complyflow --help.`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`complyflow: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof AppError) {
      io.err(`complyflow: ${error.message}`);
      return exitForAppError(error);
    }
    io.err(`complyflow: unexpected failure: ${(error as Error).stack ?? String(error)}`);
    return EXIT.usage;
  }
}

const io: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

// Runs when executed (node dist/main/cli.cjs, tsx src-main/cli/main.ts), not when imported by tests.
const invokedPath = process.argv[1] ?? '';
if (/cli\.cjs$|cli[\\/]main\.ts$/.test(invokedPath) || process.env.COMPLYFLOW_CLI_MAIN === '1') {
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
