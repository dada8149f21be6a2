// auth.users rows as GoTrue answers them (GET /user, and the user inside every session),
// with the user's MFA factors: supabase-js reads `user.factors` to list factors and to work
// out the next assurance level.
import type pg from 'pg';

export interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  created_at: Date;
  last_sign_in_at: Date | null;
}

interface FactorRow {
  id: string;
  friendly_name: string | null;
  factor_type: string;
  status: string;
  created_at: Date;
  updated_at: Date;
  last_challenged_at: Date | null;
}

export async function userById(db: pg.Pool | pg.PoolClient, id: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(`select * from auth.users where id = $1`, [id]);
  return r.rows[0];
}

export async function userJson(db: pg.Pool | pg.PoolClient, u: UserRow) {
  const factors = await db.query<FactorRow>(
    `select id, friendly_name, factor_type, status, created_at, updated_at, last_challenged_at
     from auth.mfa_factors where user_id = $1 order by created_at, id`,
    [u.id],
  );
  return {
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: u.created_at,
    app_metadata: { provider: 'email', providers: ['email'], ...u.raw_app_meta_data },
    user_metadata: u.raw_user_meta_data,
    identities: [],
    created_at: u.created_at,
    updated_at: u.created_at,
    last_sign_in_at: u.last_sign_in_at,
    // GoTrue leaves the key out when there are none (`json:"factors,omitempty"`).
    ...(factors.rows.length > 0
      ? {
          factors: factors.rows.map((f) => ({
            id: f.id,
            friendly_name: f.friendly_name ?? '',
            factor_type: f.factor_type,
            status: f.status,
            created_at: f.created_at,
            updated_at: f.updated_at,
            ...(f.last_challenged_at ? { last_challenged_at: f.last_challenged_at } : {}),
          })),
        }
      : {}),
  };
}
