// Applies the local Supabase bootstrap and then supabase/migrations, in file-name order, each
// in its own transaction. Works over anything that can run a multi-statement script: a pg
// client on real Postgres, or PGlite in-process.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsDir = join(repoRoot, 'supabase', 'migrations');
export const bootstrapFile = join(repoRoot, 'tests', 'support', 'supabase', 'bootstrap.sql');

export interface ScriptRunner {
  exec(sql: string): Promise<unknown>;
}

export function migrationFiles(): string[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d+_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

export async function applyMigrations(db: ScriptRunner): Promise<void> {
  await db.exec(readFileSync(bootstrapFile, 'utf8'));
  for (const file of migrationFiles()) {
    const sql = readFileSync(join(migrationsDir, file), 'utf8');
    try {
      await db.exec(`begin;\n${sql}\ncommit;`);
    } catch (error) {
      await db.exec('rollback').catch(() => undefined);
      throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
