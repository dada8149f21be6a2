/** Parses the complyflow command line: global options, one command, its options and operands. */

export class UsageError extends Error {}

export interface ParsedArgs {
  help: boolean;
  dataDir: string | null;
  command: string | null;
  options: Record<string, string>;
  operands: string[];
}

const GLOBAL_VALUE_OPTIONS = new Set(['--data-dir']);
const COMMAND_VALUE_OPTIONS = new Set(['--audit']);

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const parsed: ParsedArgs = { help: false, dataDir: env.COMPLYFLOW_DATA_DIR || null, command: null, options: {}, operands: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    const [flag, inlineValue] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (GLOBAL_VALUE_OPTIONS.has(flag) || COMMAND_VALUE_OPTIONS.has(flag)) {
      const value = inlineValue ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value.`);
      if (flag === '--data-dir') parsed.dataDir = value;
      else parsed.options[flag.slice(2)] = value;
      continue;
    }
    if (arg === '--') {
      parsed.operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') throw new UsageError(`Unknown option ${arg}.`);
    if (parsed.command === null) parsed.command = arg;
    else parsed.operands.push(arg);
  }
  return parsed;
}

export const USAGE = `Usage: complyflow [--data-dir <dir>] <command> [options]

Commands:
  import-framework <catalog.json>          Import an OSCAL catalog (or resolved profile catalog)
                                           into the workspace. Importing the same catalog again
                                           changes nothing.
  export-package --audit <id> <out.zip>    Write the audit package (policies, evidence, results,
                                           findings and a manifest of SHA-256 hashes) to out.zip.
  verify-package <package.zip>             Check every file of a package against its manifest,
                                           offline. Needs no data folder.

Options:
  --data-dir <dir>   The ComplyFlow data folder (default: $COMPLYFLOW_DATA_DIR).
  -h, --help         Show this help.

Exit codes: 0 success; 1 the command ran and found a problem (a package that does not verify,
a catalog or audit that was refused); 2 usage error or a file that cannot be read.`;
