// Vitest setup file: refuses any TCP connection that is not to a loopback
// address, so no test can ever reach the real Dooki API or any other host.
// It is a setupFile (runs in every worker), not a globalSetup (main process only).
import net from 'node:net';

const loopback = (host: string | undefined): boolean =>
  host === undefined ||
  host === 'localhost' ||
  host === '::1' ||
  host === '[::1]' ||
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

const originalConnect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const [first] = args;
  const options = (Array.isArray(first) ? first[0] : first) as
    { host?: string; path?: string } | number | string | undefined;
  let host: string | undefined;
  if (typeof options === 'object' && options !== null && !('path' in options && options.path)) {
    host = options.host;
  } else if (typeof options === 'number' && typeof args[1] === 'string') {
    host = args[1];
  }
  if (!loopback(host)) {
    const error = Object.assign(
      new Error(`network-guard: tests may only connect to loopback, not ${String(host)}`),
      { code: 'ENETUNREACH' },
    );
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return originalConnect.apply(this, args);
} as typeof net.Socket.prototype.connect;
