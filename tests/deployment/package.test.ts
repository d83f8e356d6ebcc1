/**
 * The Function App package (`npm run package:functions`, scripts/package-functions.mjs) ships
 * only what the app runs. Built here with `--no-install` (the production node_modules come from
 * `npm ci --omit=dev` in the real run; the last test checks that every package the app imports
 * is a production dependency). The zip is listed, then extracted and the app is loaded from it:
 * registrations succeed and the gold SQL is read from inside the package.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { AZURE_SETTINGS } from '../support/azureSettings.js';

let work: string;
let entries: string[];
let extracted: string;

/** Every entry of a zip, with its bytes. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const GOLD_FILES = readdirSync(path.join(REPO_ROOT, 'databricks', 'sql', 'gold'))
  .filter((name) => name.endsWith('.sql'))
  .sort();

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'pulselake-package-'));
  const zipFile = path.join(work, 'functions.zip');
  const result = spawnSync(process.execPath, ['scripts/package-functions.mjs', '--no-install', '--out', zipFile], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`package-functions failed:\n${result.stdout}\n${result.stderr}`);
  const files = await readZip(zipFile);
  entries = [...files.keys()].sort();
  extracted = path.join(work, 'app');
  for (const [name, bytes] of files) {
    mkdirSync(path.dirname(path.join(extracted, name)), { recursive: true });
    writeFileSync(path.join(extracted, name), bytes);
  }
  // The production dependencies are not in a --no-install package: borrow the checkout's.
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(extracted, 'node_modules'), 'dir');
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Function App package', () => {
  it('holds host.json, package.json, the compiled entry point, the feed schemas and the gold SQL', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'host.json',
        'package.json',
        'dist/functions/index.js',
        'schemas/bpm.schema.json',
        ...GOLD_FILES.map((name) => `dist/sql/gold/${name}`),
      ]),
    );
    const pkg = JSON.parse(readFileSync(path.join(extracted, 'package.json'), 'utf8')) as { main: string };
    expect(entries).toContain(pkg.main);
  });

  it.each([
    ['tests', /^tests\//],
    ['docs', /^docs\/|\.md$/],
    ['fixtures', /(^|\/)fixtures?\//],
    ['a Python venv', /(^|\/)\.?venv\//],
    ['the lake folder', /^\.lake\//],
    ['Databricks sources', /^databricks\/|\.py$/],
    ['TypeScript sources', /^(functions|shared|cli|tools)\/|\.ts$/],
    [
      'the CLI, dev tools, the local host or the integration driver',
      /^dist\/(cli|tools|shared\/(localhost|simulator|report|backfill|integration))\//,
    ],
    ['local settings', /local\.settings/],
    ['source maps', /\.map$/],
  ])('holds no %s', (_what, pattern) => {
    expect(entries.filter((name) => pattern.test(name))).toEqual([]);
  });

  it('starts from the package: registrations succeed and the gold SQL is read from inside it', () => {
    const script = `
      await import('./dist/functions/index.js');
      const { listSqlFiles } = await import('./dist/shared/warehouse/sqlFiles.js');
      console.log('SQL ' + JSON.stringify(await listSqlFiles()));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: extracted,
      env: { PATH: process.env['PATH'], ...AZURE_SETTINGS },
      encoding: 'utf8',
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    const sql = JSON.parse(/^SQL (.*)$/m.exec(result.stdout)?.[1] ?? '[]') as string[];
    expect(sql).toEqual(GOLD_FILES.map((name) => path.join(extracted, 'dist', 'sql', 'gold', name)));
  });

  it('imports only production dependencies (npm ci --omit=dev installs them)', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const name of entries.filter((e) => e.endsWith('.js'))) {
      const source = readFileSync(path.join(extracted, name), 'utf8');
      for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'".][^'"]*)['"]/g)) {
        const specifier = match[1] as string;
        if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
        const parts = specifier.split('/');
        imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });
});
