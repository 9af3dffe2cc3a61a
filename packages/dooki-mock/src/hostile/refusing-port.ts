// "Nothing listens there": the one fault no server can play. A port that was free a moment ago
// (listen on 0, then close) is not that: any socket bound to port 0 later, in this process, a
// child or a test running beside it, may get it before the connection is tried. A port below
// the ephemeral range is never handed out for port 0, so only a service configured to use it
// could take it; the first candidate found refusing now is returned.
import { connect } from 'node:net';

/**
 * Low ports no service is expected to use (unassigned or retired), none of them on the fetch
 * standard's "bad ports" list (1, 7, 9, ... which fetch refuses to try at all).
 */
const CANDIDATES = [4, 6, 8, 10, 12, 14, 16, 18];

function refuses(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * A port on `host` (127.0.0.1) where a connection is refused, and stays refused while the test
 * runs: for "the API / the database / the webhook is down" without a race on the port.
 */
export async function refusingPort(host = '127.0.0.1'): Promise<number> {
  for (const port of CANDIDATES) {
    if (await refuses(port, host)) return port;
  }
  throw new Error(
    `no port of ${CANDIDATES.join(', ')} on ${host} refused a connection: something listens there`,
  );
}
