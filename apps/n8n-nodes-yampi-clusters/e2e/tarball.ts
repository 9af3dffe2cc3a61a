// The package exactly as it would be published: scripts/e2e.mjs packs it once with `pnpm pack`
// (which turns `workspace:*` into real versions) and passes the tarball's path to every row.
import { existsSync } from 'node:fs';

export function packedTarball(): string {
  const tarball = process.env.N8N_E2E_TARBALL;
  if (!tarball || !existsSync(tarball)) {
    throw new Error('N8N_E2E_TARBALL is not set: run `pnpm test:e2e` (scripts/e2e.mjs)');
  }
  return tarball;
}
