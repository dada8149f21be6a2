import type { z } from 'zod';
import type { Result } from '../result';

/** One callable method: what it takes and what it answers, both as zod schemas. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodDef<I, O> => ({
  input,
  output,
});

export type ApiMap = Readonly<Record<string, Readonly<Record<string, MethodDef>>>>;
export type EventMap = Readonly<Record<string, z.ZodType>>;

/** The caller's view: every method takes the schema's input and answers a Result of its output. */
export type ClientOf<A extends ApiMap> = {
  readonly [N in keyof A]: {
    readonly [M in keyof A[N]]: (input: z.input<A[N][M]['input']>) => Promise<Result<z.output<A[N][M]['output']>>>;
  };
};

/** Context the router hands every handler: who is calling, from where. */
export interface CallContext {
  /** The user id, or 'local' in the local workspace. */
  actor: string;
}

/** The implementer's view: handlers get validated input and may answer synchronously. */
export type HandlersOf<A extends ApiMap> = {
  readonly [N in keyof A]: {
    readonly [M in keyof A[N]]: (
      input: z.output<A[N][M]['input']>,
      ctx: CallContext,
    ) => z.input<A[N][M]['output']> | Promise<z.input<A[N][M]['output']>>;
  };
};

export type EventListeners<E extends EventMap> = {
  on<K extends keyof E & string>(name: K, listener: (payload: z.output<E[K]>) => void): () => void;
};
