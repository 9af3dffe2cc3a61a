// Preloaded into every n8n process of the e2e suite and the benchmark (NODE_OPTIONS=--import):
// refuses any TCP connection that is not to a loopback address and records the attempt in
// $E2E_NETWORK_LOG, so a test can prove n8n never reached outside this machine.
import fs from 'node:fs';
import net from 'node:net';

// Proof that the guard was active in this process (the test checks it, not just an empty log).
if (process.env.E2E_NETWORK_LOG)
  fs.appendFileSync(`${process.env.E2E_NETWORK_LOG}.pids`, `${process.pid}\n`);

const loopback = (host) =>
  host === undefined ||
  host === 'localhost' ||
  host === '::1' ||
  host === '::ffff:127.0.0.1' ||
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const [first] = args;
  const options = Array.isArray(first) ? first[0] : first;
  let host;
  if (typeof options === 'object' && options !== null && !options.path) host = options.host;
  else if (typeof options === 'number' && typeof args[1] === 'string') host = args[1];
  if (!loopback(host)) {
    if (process.env.E2E_NETWORK_LOG) {
      fs.appendFileSync(process.env.E2E_NETWORK_LOG, `${process.pid} ${String(host)}\n`);
    }
    const error = Object.assign(new Error(`network-guard: blocked connection to ${String(host)}`), {
      code: 'ENETUNREACH',
    });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return originalConnect.apply(this, args);
};
