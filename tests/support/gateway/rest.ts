// POST /rest/v1/rpc/<fn> as PostgREST serves it: the JSON body's keys are the function's named
// arguments, the call runs as the caller's role with their claims, and errors come back in
// PostgREST's shape ({code, message, details, hint}) with its HTTP status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { asClaims, claimsOf, postgrestError } from './caller.ts';
import { HttpError, readJson, sendJson, sendJsonText } from './http.ts';
import type { JwtKeys } from './jwt.ts';
import type { Tamper } from './tamper.ts';

interface FunctionShape {
  args: { name: string; type: string }[];
  returnsSet: boolean;
  /** Returns json or jsonb (passed through as text). */
  returnsJson: boolean;
}

export class RestRoutes {
  /** Test hook: answer nothing for the next call of these functions, after their commit (a crash on the way back). */
  readonly dropAfterCommit = new Set<string>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: JwtKeys,
    private readonly tamper: Tamper,
  ) {}

  private async shape(name: string): Promise<FunctionShape | undefined> {
    const r = await this.pool.query<{ names: string[] | null; types: string[]; retset: boolean; rettype: string }>(
      `select p.proargnames as names,
              array(select format_type(t, null) from unnest(p.proargtypes) t) as types,
              p.proretset as retset, format_type(p.prorettype, null) as rettype
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname = $1`,
      [name],
    );
    const row = r.rows[0];
    if (!row || r.rows.length > 1) return undefined;
    return {
      args: row.types.map((type, i) => ({ name: row.names?.[i] ?? `$${i + 1}`, type })),
      returnsSet: row.retset,
      returnsJson: row.rettype === 'json' || row.rettype === 'jsonb',
    };
  }

  /** The 'not-uuid-memberships' tamper mode: org ids the app must refuse. */
  private tampered(memberships: unknown): unknown {
    if (this.tamper.mode !== 'not-uuid-memberships' || !Array.isArray(memberships)) return memberships;
    return memberships.map((m: Record<string, unknown>, i) => ({ ...m, org_id: `org-${i + 1}; drop table policies` }));
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const match = /^\/rpc\/([a-z_][a-z0-9_]*)$/.exec(path);
    if (!match || req.method !== 'POST') {
      throw new HttpError(404, {
        code: 'PGRST125',
        message: `Invalid path specified in request URL: ${path}`,
        details: null,
        hint: null,
      });
    }
    const fn = match[1]!;
    const claims = await claimsOf(req, this.keys);
    const body = (await readJson(req)) as Record<string, unknown>;
    const shape = await this.shape(fn);
    const given = Object.keys(body ?? {});
    if (!shape || given.some((k) => !shape.args.some((a) => a.name === k))) {
      throw new HttpError(404, {
        code: 'PGRST202',
        message: `Could not find the function public.${fn}(${given.join(', ')}) in the schema cache`,
        details: null,
        hint: null,
      });
    }
    const args = shape.args.filter((a) => a.name in body);
    const params = args.map((a) => {
      const v = body[a.name];
      if (v === null || v === undefined) return null;
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    const call = `public.${fn}(${args.map((a, i) => `${a.name} => $${i + 1}::${a.type}`).join(', ')})`;
    // A scalar answer goes out as the JSON text Postgres makes of it, not parsed and written
    // again here: PostgREST does the same, and a 1,000-row pull page is a megabyte of JSON.
    const passThrough = !shape.returnsSet && shape.returnsJson && fn !== 'my_memberships';
    const sql = shape.returnsSet
      ? `select * from ${call}`
      : passThrough
        ? `select (${call})::text as result`
        : `select ${call} as result`;
    let dropped = false;
    try {
      const rows = await asClaims(
        this.pool,
        claims,
        (client) => client.query(sql, params),
        () => {
          if (this.dropAfterCommit.delete(fn)) dropped = true;
        },
      );
      if (dropped) {
        req.socket.destroy();
        return true;
      }
      if (passThrough) {
        sendJsonText(res, 200, (rows.rows[0]?.result as string | null | undefined) ?? 'null');
        return true;
      }
      const result: unknown = shape.returnsSet ? rows.rows : (rows.rows[0]?.result ?? null);
      sendJson(res, 200, fn === 'my_memberships' ? this.tampered(result) : result);
    } catch (error) {
      throw postgrestError(error, claims.role);
    }
    return true;
  }
}
