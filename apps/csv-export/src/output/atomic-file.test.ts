import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/cli.js';
import { openAtomicFile } from './atomic-file.js';

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('openAtomicFile', () => {
  it('discards cleanly while a write is still in flight (a failed export mid-page)', async () => {
    const target = join(dir.path, 'out.csv');
    writeFileSync(target, 'previous export\n');
    const file = await openAtomicFile(target);
    file.stream.write(Buffer.alloc(4 << 20, 'x')); // still being written when discarded
    await file.discard();
    expect(readFileSync(target, 'utf8')).toBe('previous export\n');
    expect(readdirSync(dir.path)).toEqual(['out.csv']);
    expect(existsSync(file.tempPath)).toBe(false);
  });
});
