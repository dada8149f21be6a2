/**
 * A real core on a temp data folder, driven through the router (so the input schemas are part
 * of every test), with a clock the test can move.
 */
import { createCore, type Core } from '../../../../src-main/core/core';
import type { Api } from '../../../../src-shared/api';
import { LOCAL_ORG_ID } from '../../../../src-shared/domain/common';
import type { ApiErrorShape } from '../../../../src-shared/errors';
import { tempDir } from '../../../support/temp-dir';
import type { z } from 'zod';

type Ns = keyof Api;
type Out<N extends Ns, M extends keyof Api[N]> = Api[N][M] extends { output: z.ZodType } ? z.output<Api[N][M]['output']> : never;

export interface Harness {
  core: Core;
  dataDir: string;
  /** Sets the clock (ISO instant) used for every following call. */
  setNow(iso: string): void;
  ok<N extends Ns, M extends keyof Api[N] & string>(ns: N, method: M, input: unknown, actor?: string): Promise<Out<N, M>>;
  fails(ns: Ns, method: string, input: unknown): Promise<ApiErrorShape>;
  /** Inserts a framework and its controls straight into the tables (the frameworks API is not ours). */
  seedControls(frameworkTitle: string, controls: { label: string; title: string; statement?: string }[]): string[];
  close(): void;
}

export function openHarness(start = '2026-03-10T09:00:00.000Z'): Harness {
  const dir = tempDir();
  let now = start;
  let tick = 0;
  // Each call gets a distinct instant, in order, as a real clock would.
  const clock = () => new Date(Date.parse(now) + tick++).toISOString();
  const core = createCore({ dataDir: dir.path, now: clock, log: { error: () => {} } });
  return {
    core,
    dataDir: dir.path,
    setNow(iso) {
      now = iso;
      tick = 0;
    },
    async ok(ns, method, input, actor = 'local') {
      const result = await core.router.call(ns, method, input, { actor });
      if (!result.ok) throw new Error(`${ns}.${method} failed: ${result.error.code} ${result.error.message}`);
      return result.value as never;
    },
    async fails(ns, method, input) {
      const result = await core.router.call(ns, method, input, { actor: 'local' });
      if (result.ok) throw new Error(`${ns}.${method} was expected to fail`);
      return result.error;
    },
    seedControls(frameworkTitle, controls) {
      const at = clock();
      const frameworkId = crypto.randomUUID();
      core.db
        .prepare(
          `INSERT INTO frameworks (id, org_id, title, source_uuid, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 'local')`,
        )
        .run(frameworkId, LOCAL_ORG_ID, frameworkTitle, crypto.randomUUID(), at, at);
      const insert = core.db.prepare(
        `INSERT INTO controls (id, org_id, framework_id, control_key, label, title, statement, sort_key, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'local')`,
      );
      return controls.map((c, i) => {
        const id = crypto.randomUUID();
        insert.run(
          id,
          LOCAL_ORG_ID,
          frameworkId,
          c.label.toLowerCase(),
          c.label,
          c.title,
          c.statement ?? '',
          String(i).padStart(4, '0'),
          at,
          at,
        );
        return id;
      });
    },
    close() {
      core.close();
      dir.remove();
    },
  };
}
