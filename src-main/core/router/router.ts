/**
 * The one entry point for every call from a window or the browser host. It checks the message
 * shape, the method name against the API map and the payload against the method's schema
 * before any handler runs, and turns whatever happens next into a Result: no exception leaves
 * this function.
 */
import { api, type ApiHandlers, type CallContext } from '../../../src-shared/api';
import type { MethodDef } from '../../../src-shared/api/define';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { CallMessage, type ResultMessage } from '../../../src-shared/protocol';
import type { Result } from '../../../src-shared/result';
import { describeIssues } from './describe-issues';

export { describeIssues };

export interface Logger {
  error(message: string, detail?: unknown): void;
}

const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

function lookup(ns: string, method: string): MethodDef | undefined {
  // Own properties only: '__proto__' or 'constructor' must not reach Object.prototype.
  if (!Object.hasOwn(api, ns)) return undefined;
  const methods = api[ns as keyof typeof api] as Record<string, MethodDef>;
  return Object.hasOwn(methods, method) ? methods[method] : undefined;
}

/**
 * Answers the core builds field by field from its own typed rows (no row passes through as is,
 * so nothing unlisted can ride along): their output schema is checked by their tests, not again
 * on every call, where it was a fifth of what a warm first page of 100 evidence items cost.
 * Every other answer is checked; every input is, always (that is the boundary).
 */
const BUILT_BY_THE_CORE: ReadonlySet<string> = new Set(['evidence.list']);

/**
 * Answers a refusal in words when the caller may not make this call, or null; it may also throw an
 * AppError (an auditor naming a record hidden from them gets NOT_FOUND, as for a missing one).
 */
export type Guard = (ns: string, method: string, input: unknown) => string | null;

export function createRouter(handlers: ApiHandlers, log: Logger, guard: Guard = () => null) {
  async function call(ns: string, method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>> {
    const def = lookup(ns, method);
    if (!def) return fail(ErrorCode.UnknownMethod, `There is no method ${ns}.${method}.`);
    const parsed = def.input.safeParse(input);
    if (!parsed.success) return fail(ErrorCode.InvalidInput, describeIssues(parsed.error));
    try {
      const refusal = guard(ns, method, parsed.data);
      if (refusal) return fail(ErrorCode.Forbidden, refusal);
      const handler = (handlers as unknown as Record<string, Record<string, (i: unknown, c: CallContext) => unknown>>)[ns][
        method
      ];
      const value = await handler(parsed.data, ctx);
      if (BUILT_BY_THE_CORE.has(`${ns}.${method}`)) return { ok: true, value };
      const output = def.output.safeParse(value);
      if (!output.success) {
        log.error(`${ns}.${method} produced output that breaks its contract`, describeIssues(output.error));
        return fail(ErrorCode.Internal, `${ns}.${method} failed inside the app. The details are in the log.`);
      }
      return { ok: true, value: output.data };
    } catch (error) {
      if (error instanceof AppError) return fail(error.code, error.message);
      log.error(`${ns}.${method} threw`, error);
      return fail(ErrorCode.Internal, `${ns}.${method} failed inside the app. The details are in the log.`);
    }
  }

  return {
    call,
    /** Handles one raw wire message; answers null only when there is no id to answer to. */
    async dispatch(raw: unknown, ctx: CallContext): Promise<ResultMessage | null> {
      const message = CallMessage.safeParse(raw);
      if (!message.success) {
        const id = (raw as { id?: unknown } | null)?.id;
        if (typeof id !== 'number') return null;
        return {
          kind: 'result',
          id,
          result: fail(ErrorCode.InvalidInput, `Malformed message: ${describeIssues(message.error)}`),
        };
      }
      const { id, ns, method, input } = message.data;
      return { kind: 'result', id, result: await call(ns, method, input, ctx) };
    },
  };
}

export type Router = ReturnType<typeof createRouter>;
