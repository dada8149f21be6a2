// Checked access to the function's environment: a missing or empty variable is a clear error
// at the first request, never an `undefined` sent to another service.
export function requireEnv(name: string, env: { get(name: string): string | undefined } = Deno.env): string {
  const value = env.get(name);
  if (value === undefined || value.trim() === '') throw new Error(`missing environment variable ${name}`);
  return value;
}
