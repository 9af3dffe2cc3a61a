// Refuses to publish while any public package names another repository than the one the release
// runs in: npm's provenance statement links each package to the repository and workflow that
// built it, and must never point somewhere else. Run by `pnpm run release` (release.yml) before
// `changeset publish`; GitHub Actions sets GITHUB_SERVER_URL and GITHUB_REPOSITORY.
//   node scripts/check-repository.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workspacesOf } from './test-reports.mjs';

const root = new URL('..', import.meta.url).pathname;

/** `git+https://github.com/a/b.git`, `https://github.com/A/b/` → `https://github.com/a/b` */
export function normalizeRepositoryUrl(url) {
  return String(url)
    .trim()
    .replace(/^git\+/, '')
    .replace(/^git:\/\//, 'https://')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** The public (not `private`) workspace packages of the checkout at `checkout`. */
export function publicPackages(checkout = root) {
  return workspacesOf(checkout)
    .map((folder) => ({ folder, manifest: readManifest(folder) }))
    .filter(({ manifest }) => manifest && !manifest.private);
}

function readManifest(folder) {
  try {
    return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * One line per public package whose `repository.url` is not `expected` (the repository's URL),
 * empty when every package names it.
 */
export function repositoryMismatches(expected, checkout = root) {
  const want = normalizeRepositoryUrl(expected);
  return publicPackages(checkout).flatMap(({ manifest }) => {
    const { repository } = manifest;
    const url = typeof repository === 'string' ? repository : repository?.url;
    if (!url) return [`${manifest.name}: no repository.url (expected ${want})`];
    const found = normalizeRepositoryUrl(url);
    return found === want ? [] : [`${manifest.name}: repository.url is ${found}, not ${want}`];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository } = process.env;
  if (!server || !repository) {
    console.error(
      'check-repository: not in GitHub Actions (no GITHUB_REPOSITORY): refusing to publish',
    );
    process.exit(1);
  }
  const mismatches = repositoryMismatches(`${server}/${repository}`);
  if (mismatches.length > 0) {
    console.error(
      `check-repository: refusing to publish from ${server}/${repository}; ` +
        `provenance would point elsewhere:\n  ${mismatches.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log(`check-repository: every public package names ${server}/${repository}`);
}
