import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { MockApi } from './server.js';
import { DEFAULT_CLUSTERS } from './state.js';
import type { Credentials, MockApiOptions } from './types.js';

/** What `dooki-mock --stores-file <path>` writes: everything a bench needs to reach every store. */
export interface StoresFile {
  url: string;
  adminUrl: string;
  stores: { alias: string; credentials: Credentials; clusters: { id: number; size: number }[] }[];
}

export function storesFileContent(api: MockApi, options: MockApiOptions): StoresFile {
  const specs = options.stores ?? [{ alias: api.alias, clusters: options.clusters }];
  return {
    url: api.url,
    adminUrl: api.adminUrl,
    stores: specs.map((spec) => ({
      alias: spec.alias,
      credentials: api.store(spec.alias).credentials,
      clusters: (spec.clusters ?? options.clusters ?? DEFAULT_CLUSTERS).map(({ id, size }) => ({
        id,
        size,
      })),
    })),
  };
}

/**
 * Writes the file with mode 0600 (it holds credentials): into a fresh sibling first, then renamed
 * over `path`, so a reader never sees half a file and an existing file's looser mode is not kept.
 */
export async function writeStoresFile(path: string, content: StoresFile): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
