// What the database catalog must never show: a table in `public` without row-level security
// or without policies, a security-definer function without a pinned search_path, a view that
// runs with its owner's rights. Answers the problems found, one line each.
import type { Db } from '../../support/db.ts';

export const EXPOSED_SCHEMAS = ['public', 'private', 'storage'];

export async function catalogProblems(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const noRls = await db.query<{ name: string }>(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity order by 1`);
  for (const r of noRls.rows) problems.push(`table public.${r.name} has row-level security off`);

  const noPolicies = await db.query<{ name: string }>(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and not exists (select 1 from pg_policy p where p.polrelid = c.oid) order by 1`);
  for (const r of noPolicies.rows) problems.push(`table public.${r.name} has no policies`);

  const definers = await db.query<{ name: string }>(`
    select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where p.prosecdef
      and n.nspname not in ('pg_catalog', 'information_schema')
      and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
    order by 1`);
  for (const r of definers.rows) problems.push(`security definer function ${r.name} has no pinned search_path`);

  const views = await db.query<{ name: string }>(
    `
    select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('v', 'm') and n.nspname = any ($1)
      and not coalesce(array['security_invoker=true', 'security_invoker=on'] && c.reloptions, false)
    order by 1`,
    [EXPOSED_SCHEMAS],
  );
  for (const r of views.rows) problems.push(`view ${r.name} does not run as the caller (security_invoker)`);
  return problems;
}

export async function publicTables(db: Db): Promise<string[]> {
  const r = await db.query<{ name: string }>(`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`);
  return r.rows.map((x) => x.name);
}
