/**
 * A listening socket that records every connection made to it and answers any HTTP request with
 * 404: the proof that a refused host was never contacted (its count stays 0), or that a request
 * reached it without credentials.
 */
import { createServer } from 'node:http';

/** A running recorder. */
export interface ConnectionRecorder {
  /** `127.0.0.x:PORT` */
  host: string;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  /** `Authorization` scheme of each HTTP request (null when none came). */
  authorizations: (string | null)[];
  stop(): Promise<void>;
}

/** Listens on `address` (a loopback address) with a random port. */
export async function startConnectionRecorder(address: string): Promise<ConnectionRecorder> {
  let connections = 0;
  const authorizations: (string | null)[] = [];
  const server = createServer((request, response) => {
    authorizations.push(request.headers.authorization?.split(' ')[0]?.toLowerCase() ?? null);
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NAME_UNKNOWN"}]}');
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : 0;
  return {
    host: `${address}:${port}`,
    port,
    connections: () => connections,
    authorizations,
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
