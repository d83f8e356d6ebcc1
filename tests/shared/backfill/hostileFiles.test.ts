/**
 * Backfill on hostile files (issue 11 failure 9): an over-long line is quarantined with a reason
 * and the file goes on, long runs of blank lines keep the line numbers right, and symbolic
 * links are followed or named. Time and memory on 1 GB files are measured by
 * `npm run bench:hostile` (docs/reliability.md), not here.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backfill } from '../../../shared/backfill/backfill.js';
import { MAX_LINE_BYTES, readLines } from '../../../shared/backfill/sourceFile.js';
import { tempLanding, type TempLanding } from './landingFixture.js';

const envelope = (value: unknown): string =>
  JSON.stringify({
    key: 'k',
    value: JSON.stringify(value),
    topic: 'bpm',
    partition: 0,
    offset: 0,
    timestamp: 1678410000,
  });
const bpm = (time: number): Record<string, unknown> => ({ device_id: 7, time, heartrate: 60 });

async function linesOf(chunks: (string | Buffer)[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const line of readLines('x', Readable.from(chunks.map((c) => Buffer.from(c))))) out.push(line);
  return out;
}

describe('readLines', () => {
  it('skips blank and whitespace-only lines across chunk borders and numbers the rest right', async () => {
    expect(await linesOf(['\n\n  \r\n\ta', 'b\r\n\n', '\n', ' ', ' \n', 'c'])).toEqual([
      { line: 4, text: '\tab' },
      { line: 8, text: 'c' },
    ]);
  });

  it('skips lines of Unicode blanks, keeps lines starting with other characters, drops CR of CRLF', async () => {
    expect(await linesOf(['\u00a0\u3000\r\né1\r\n\u00a0x\n\u000b\nz\r\n'])).toEqual([
      { line: 2, text: 'é1' },
      { line: 3, text: '\u00a0x' },
      { line: 5, text: 'z' },
    ]);
  });

  it('decodes a character split across two chunks', async () => {
    const bytes = Buffer.from('a€b\nc€\n');
    expect(await linesOf([bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)])).toEqual([
      { line: 1, text: 'a€b' },
      { line: 2, text: 'c€' },
    ]);
  });

  it('cuts a line past MAX_LINE_BYTES, flags it with its size, and reads on', async () => {
    const big = 'x'.repeat(MAX_LINE_BYTES + 5);
    const lines = (await linesOf([big.slice(0, 700_000), big.slice(700_000) + '\nnext\n'])) as {
      line: number;
      text: string;
      overlongBytes?: number;
    }[];
    expect(lines[0]?.text).toHaveLength(MAX_LINE_BYTES);
    expect(lines[0]).toMatchObject({ line: 1, overlongBytes: MAX_LINE_BYTES + 5 });
    expect(lines[1]).toEqual({ line: 2, text: 'next' });
  });
});

describe('backfill of hostile files', () => {
  let landing: TempLanding;
  let inputs: string;
  beforeEach(async () => {
    landing = await tempLanding();
    inputs = path.join(landing.dir, 'exports');
    await mkdir(inputs);
  });
  afterEach(() => landing.cleanup());

  it('quarantines an over-long line with a reason (its start kept) and lands the lines around it', async () => {
    const huge = `{"topic":"bpm","value":"${'9'.repeat(3 * MAX_LINE_BYTES)}"}`;
    const text = [envelope(bpm(1678410000)), huge, '', envelope(bpm(1678410001))].join('\n');
    await writeFile(path.join(inputs, 'bpm.json.gz'), gzipSync(text));
    const summary = await backfill([inputs], { writer: landing.writer });
    expect(summary.ok).toBe(true);
    expect(await landing.records('bpm/')).toEqual([bpm(1678410000), bpm(1678410001)]);
    const [line] = await landing.records('quarantine/bpm/');
    expect(line).toMatchObject({
      index: 2,
      raw_truncated: true,
      errors: [expect.stringMatching(/longer than the limit of 1048576/)],
    });
    expect(String(line?.['raw'])).toMatch(/^\{"topic":"bpm","value":"999/);
  });

  it('reads a file of nothing but newlines as empty, and one record after a million blank lines at its line', async () => {
    await writeFile(
      path.join(inputs, 'bpm.json.gz'),
      gzipSync('\n'.repeat(1_000_000) + envelope({ device_id: 7, time: 1, heartrate: 1 })),
    );
    const summary = await backfill([inputs], { writer: landing.writer });
    const [line] = await landing.records('quarantine/bpm/'); // time 1 is out of range: quarantined with its line number
    expect(summary.ok).toBe(true);
    expect(line?.['index']).toBe(1_000_001);
  });

  it('follows symbolic links to files and folders, and names a broken one instead of skipping it', async () => {
    const elsewhere = path.join(landing.dir, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'real-bpm.json'), envelope(bpm(1678410000)) + '\n');
    await mkdir(path.join(elsewhere, 'folder'));
    await writeFile(path.join(elsewhere, 'folder', 'more-bpm.json'), envelope(bpm(1678410001)) + '\n');
    await symlink(path.join(elsewhere, 'real-bpm.json'), path.join(inputs, 'linked-bpm.json'));
    await symlink(path.join(elsewhere, 'folder'), path.join(inputs, 'linked-folder'));
    await symlink(path.join(elsewhere, 'missing.json'), path.join(inputs, 'broken.json'));
    await symlink(inputs, path.join(inputs, 'loop')); // a link loop ends

    const summary = await backfill([inputs], { writer: landing.writer });
    expect((await landing.records('bpm/')).map((r) => r['time']).sort()).toEqual([1678410000, 1678410001]);
    expect(summary.files.find((f) => f.file.endsWith('broken.json'))).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/broken symbolic link/),
    });
  });
});
