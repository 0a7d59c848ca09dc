/**
 * A round-robin pass-through to several app replicas, as a Kubernetes Service spreads webhooks.
 * Used by the fleet bench and the replica scenarios.
 *
 * Must not: touch the network beyond 127.0.0.1.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running balancer. */
export interface Balancer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  close(): Promise<void>;
}

/** Starts a balancer forwarding each request to the next of `targets()` (full URLs; read on each request, so replicas may come and go). */
export async function startBalancer(targets: () => readonly string[]): Promise<Balancer> {
  let next = 0;
  const server = createServer((req, res) => {
    const all = targets();
    const target = new URL(all[next++ % all.length] ?? '');
    const forward = httpRequest(
      { hostname: target.hostname, port: target.port, method: req.method, path: target.pathname, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
