// The client dooki-csv builds (keep-alive node:http transport), against a simulator with no
// rate limit, so the export runs as fast as this machine allows.
import { createDookiClient, type Customer, type DookiClient } from '@clusterstream/core';
import type { Simulator } from '@clusterstream/bench-kit';
import { nodeHttpTransport } from '../src/index.js';

export const exportClient = (sim: Simulator): DookiClient =>
  createDookiClient({
    alias: sim.alias,
    ...sim.credentials,
    baseUrl: sim.url,
    rateLimit: false,
    transport: nodeHttpTransport,
  });

/** The first `count` customers of a cluster, fetched once for the in-memory benches. */
export async function sampleCustomers(
  client: DookiClient,
  clusterId: number,
  count: number,
): Promise<Customer[]> {
  const records: Customer[] = [];
  for await (const customer of client.iterateClusterCustomers(clusterId, { maxItems: count })) {
    records.push(customer);
  }
  return records;
}

/** `count` rows cycling over `records`. */
export function* cycle<T>(records: readonly T[], count: number): Generator<T> {
  for (let i = 0; i < count; i += 1) yield records[i % records.length]!;
}
