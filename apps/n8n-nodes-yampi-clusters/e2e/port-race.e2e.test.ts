// n8n cannot bind port 0 and say which port it got, so the host hands it ports that were free a
// moment ago, and another socket can take one first. This suite makes that happen on purpose:
// the first ports handed out are held by an impostor that even answers /healthz, while many
// other sockets open and close around it. n8n must still come up on a port of its own, and a CLI
// run whose task-broker port is taken must still run.
import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidatePort, createN8nHost, n8nRuntime, type N8nHost } from './n8n-host';
import { singleNodeWorkflow } from './workflows';

const runtime = n8nRuntime();
// n8n 2.x runs task runners by default, so every command binds a task-broker port; 1.x does not
// (N8N_RUNNERS_ENABLED defaults to false), so a taken broker port costs it no attempt.
const bindsBroker = Number(runtime.n8nVersion.split('.')[0]) >= 2;

/** A server on a port of its own that answers everything, /healthz included, with 200. */
async function startImpostor(): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, port, hits: () => hits };
}

/**
 * Opens and closes listening sockets and connections as fast as it can until stopped: the
 * ephemeral ports the host picks from are reused all the time, as on a busy CI machine.
 */
function churnSockets(width = 32): { stop: () => Promise<number> } {
  let running = true;
  let cycles = 0;
  const oneCycle = async () => {
    const server = createTcpServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('close', () => resolve());
      socket.once('error', () => resolve());
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    cycles += 1;
  };
  const lanes = Array.from({ length: width }, async () => {
    while (running) await oneCycle();
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(lanes);
      return cycles;
    },
  };
}

/**
 * A port picker that hands out the ports queued with `handOut` first, in order (`fresh`: one
 * that was free a moment ago), then fresh ones; `picks` lists everything it handed out.
 */
function scriptedPicker() {
  const queue: Array<number | 'fresh'> = [];
  const picks: number[] = [];
  return {
    picks,
    handOut: (...ports: Array<number | 'fresh'>) => void queue.push(...ports),
    pick: async () => {
      const next = queue.shift() ?? 'fresh';
      const port = next === 'fresh' ? await candidatePort() : next;
      picks.push(port);
      return port;
    },
  };
}

describe(`n8n start and CLI runs on ${runtime.label} when their ports are taken`, () => {
  let impostor: Awaited<ReturnType<typeof startImpostor>>;
  const hosts: N8nHost[] = [];

  beforeAll(async () => {
    impostor = await startImpostor();
  });

  afterAll(async () => {
    for (const host of hosts) host.dispose();
    await new Promise((resolve) => impostor?.server.close(resolve));
  });

  it('comes up on a port of its own after its HTTP port, then its broker port, was taken', async () => {
    const picker = scriptedPicker();
    // Each attempt picks the HTTP port, then the broker's. Attempt 1: the HTTP port is the
    // impostor's; attempt 2: the broker's is; attempt 3 gets fresh ones.
    picker.handOut(impostor.port, 'fresh', 'fresh', impostor.port);
    const host = await createN8nHost('custom', undefined, { pickPort: picker.pick });
    hosts.push(host);
    const churn = churnSockets();
    const n8n = await host.start().finally(() => churn.stop());
    console.log(`n8n start, ${runtime.label}: ${picker.picks.length} ports handed out`);
    try {
      expect(n8n.url).not.toBe(`http://127.0.0.1:${impostor.port}`);
      // Two ports per attempt: the taken HTTP port cost one, the taken broker port (2.x) another.
      expect(picker.picks.length).toBeGreaterThanOrEqual(bindsBroker ? 6 : 4);
      expect((await fetch(`${n8n.url}/healthz`)).ok).toBe(true);
      // The REST API is n8n's: the impostor answers every path with the same body.
      const settings = await fetch(`${n8n.url}/rest/settings`);
      expect(await settings.json()).toHaveProperty('data');
    } finally {
      await n8n.stop();
    }
  });

  it('runs a workflow with `n8n execute` although the first broker port was taken', async () => {
    const picker = scriptedPicker();
    const host = await createN8nHost('custom', undefined, { pickPort: picker.pick });
    hosts.push(host);
    await host.importWorkflows([
      singleNodeWorkflow('wfPortRace', {
        name: 'Pass',
        type: 'n8n-nodes-base.noOp',
        typeVersion: 1,
        parameters: {},
      }),
    ]);
    const before = picker.picks.length;
    picker.handOut('fresh', impostor.port);
    const churn = churnSockets();
    const outcome = await host.execute('wfPortRace').finally(() => churn.stop());
    expect(outcome.status).toBe('success');
    expect(outcome.items.Pass).toHaveLength(1);
    // n8n 2.x's execute starts the task broker, so the taken port cost it an attempt (two
    // picks). At least: the churning sockets can take a fresh port too, costing one more.
    const picked = picker.picks.slice(before);
    console.log(`n8n execute, ${runtime.label}: ${picked.length} ports handed out`);
    expect(picked.slice(0, 2)).toEqual([expect.any(Number), impostor.port]);
    expect(picked.length).toBeGreaterThanOrEqual(bindsBroker ? 4 : 2);
  });
});
