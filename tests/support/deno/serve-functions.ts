// Serves every function folder of supabase/functions on one port, the way the edge runtime
// routes /<name>/...: each function's module calls Deno.serve(handler) at import; we capture
// that handler instead of opening a port per function. Usage: serve-functions.ts <dir> <port>
type Handler = (req: Request) => Response | Promise<Response>;

const [dir, portText] = Deno.args;
if (!dir || !portText) throw new Error('usage: serve-functions.ts <functions dir> <port>');
const realServe = Deno.serve.bind(Deno);
const handlers = new Map<string, Handler>();

const names = [...Deno.readDirSync(dir)]
  .filter((e) => e.isDirectory && !e.name.startsWith('_') && !e.name.startsWith('.'))
  .map((e) => e.name)
  .sort();
for (const name of names) {
  let captured: Handler | undefined;
  // deno-lint-ignore no-explicit-any
  (Deno as any).serve = (a: unknown, b?: unknown) => {
    captured = (typeof a === 'function' ? a : typeof b === 'function' ? b : (a as { handler: Handler }).handler) as Handler;
    return {
      finished: Promise.resolve(),
      shutdown: async () => {},
      ref() {},
      unref() {},
      addr: { hostname: '127.0.0.1', port: 0 },
    };
  };
  await import(new URL(`file://${dir}/${name}/index.ts`).href);
  if (!captured) throw new Error(`function ${name} did not call Deno.serve`);
  handlers.set(name, captured);
}
// deno-lint-ignore no-explicit-any
(Deno as any).serve = realServe;

realServe(
  { hostname: '127.0.0.1', port: Number(portText), onListen: () => console.log(`READY ${[...handlers.keys()].join(',')}`) },
  (req) => {
    const url = new URL(req.url);
    const name = url.pathname.split('/')[1] ?? '';
    const handler = handlers.get(name);
    if (!handler) return Response.json({ message: `no function ${name}` }, { status: 404 });
    return handler(req);
  },
);
