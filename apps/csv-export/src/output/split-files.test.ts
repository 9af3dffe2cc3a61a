import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/cli.js';
import { openSplitFiles, partPath } from './split-files.js';

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const lines = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `row${i + 1}\r\n`);

describe('partPath', () => {
  it.each([
    ['/out/vip.csv', '/out/vip-2.csv'],
    ['/out/vip.csv.gz', '/out/vip-2.csv.gz'],
    ['/out/vip.gz', '/out/vip-2.gz'],
    ['/out/vip', '/out/vip-2'],
    ['/out/v.i.p.txt', '/out/v.i.p-2.txt'],
  ])('%s → %s', (path, expected) => {
    expect(partPath(path, 2)).toBe(expected);
  });
});

describe('openSplitFiles', () => {
  it('cuts at record boundaries whatever the chunking, repeating the header', async () => {
    const target = join(dir.path, 'out.csv');
    const split = await openSplitFiles(target, { gzip: false, rowsPerFile: 3 });
    // Chunks that end mid-record and carry several records at once.
    const text = ['h1,h2\r\n', ...lines(7)].join('');
    const chunks = [text.slice(0, 3), text.slice(3, 20), text.slice(20, 21), text.slice(21)];
    await pipeline(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), split.sink);
    expect(await split.commit()).toEqual([1, 2, 3].map((n) => partPath(target, n)));
    expect(readdirSync(dir.path).sort()).toEqual(['out-1.csv', 'out-2.csv', 'out-3.csv']);
    const read = (n: number) => readFileSync(join(dir.path, `out-${n}.csv`), 'utf8');
    expect(read(1)).toBe(`h1,h2\r\n${lines(3).join('')}`);
    expect(read(2)).toBe(`h1,h2\r\n${lines(6).slice(3).join('')}`);
    expect(read(3)).toBe('h1,h2\r\nrow7\r\n');
  });

  it('leaves nothing behind when discarded', async () => {
    const split = await openSplitFiles(join(dir.path, 'out.csv'), { gzip: true, rowsPerFile: 2 });
    split.sink.write(Buffer.from(['h\r\n', ...lines(5)].join('')));
    await new Promise((resolve) => setImmediate(resolve));
    await split.discard();
    expect(readdirSync(dir.path)).toEqual([]);
  });
});
