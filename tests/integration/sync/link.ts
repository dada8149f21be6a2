/**
 * One laptop's network link to the project: a TCP pipe in front of the gateway that the test
 * cuts and restores (connections reset, new ones refused), so one device goes offline while the
 * other stays online. Only bytes are passed on; nothing is read or changed.
 */
import net from 'node:net';

export interface Link {
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function openLink(target: string): Promise<Link> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let listenPort = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = net.createServer((client) => {
        const upstream = net.connect(Number(port), hostname);
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      next.once('error', reject);
      next.listen(listenPort, '127.0.0.1', () => {
        listenPort = (next.address() as net.AddressInfo).port;
        server = next;
        resolve();
      });
    });
  const down = async () => {
    const running = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
  };
  await listen();
  return {
    url: `http://127.0.0.1:${listenPort}`,
    down,
    up: async () => {
      if (!server) await listen();
    },
    close: down,
  };
}
