// `npm run package:functions [-- --out FILE]`: the Function App deployment package,
// .artifacts/functions.zip by default. In a staging folder: the TypeScript compiled from the
// sources (tsc --outDir, so the repo's own dist/ is not touched), the gold SQL copied into
// dist/sql/gold/, the files .funcignore does not exclude, and the production dependencies
// (`npm ci --omit=dev`, exactly package-lock.json); then everything .funcignore allows is zipped.
// `--no-install` leaves node_modules out (the package test uses it; deployments never should).
// Run from a checkout with the dev dependencies installed (it needs tsc, yazl and ignore).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ignore from 'ignore';
import yazl from 'yazl';
import { copyGoldSql } from './copy-gold-sql.mjs';
import { repoRoot } from './bootstrap.mjs';

/** The .funcignore filter: true for a path (relative, `/`-separated) that goes into the package. */
export async function funcignoreFilter(root = repoRoot) {
  const rules = ignore().add(await readFile(path.join(root, '.funcignore'), 'utf8'));
  return (relPath, isDir = false) => !rules.ignores(isDir ? `${relPath}/` : relPath);
}

/** Every file under `dir` the filter keeps, relative and sorted; excluded folders are not entered. */
export async function listKept(dir, keep, skip = new Set()) {
  const out = [];
  async function walk(rel) {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (skip.has(child)) continue;
      if (entry.isDirectory()) {
        if (keep(child, true)) await walk(child);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && keep(child)) {
        out.push(child);
      }
    }
  }
  await walk('');
  return out.sort();
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

async function zipFolder(dir, files, outFile) {
  await mkdir(path.dirname(outFile), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const file of files) {
    const info = await stat(path.join(dir, file)); // follows symlinks: the zip holds plain files
    zip.addFile(path.join(dir, file), file, { mtime: new Date(0), mode: info.mode });
  }
  zip.end();
  await new Promise((resolve, reject) => {
    const out = createWriteStream(outFile);
    zip.outputStream.pipe(out).on('close', resolve).on('error', reject);
  });
}

/** `install: false` leaves node_modules out (tests/deployment/package.test.ts: fast, checks the rest). */
export async function packageFunctions(outFile, { install = true } = {}) {
  const staging = await mkdtemp(path.join(os.tmpdir(), 'pulselake-functions-'));
  try {
    if (!existsSync(path.join(repoRoot, 'shared', 'feeds', 'generated', 'types.ts'))) {
      run(process.execPath, ['scripts/gen-types.mjs'], repoRoot);
    }
    console.log('» compiling the TypeScript into the package');
    run(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.json',
        '--outDir',
        path.join(staging, 'dist'),
      ],
      repoRoot,
    );
    await copyGoldSql(path.join(staging, 'dist'));

    const keep = await funcignoreFilter();
    const skip = new Set(['node_modules', 'dist', '.git']);
    for (const file of await listKept(repoRoot, keep, skip)) {
      await mkdir(path.dirname(path.join(staging, file)), { recursive: true });
      await copyFile(path.join(repoRoot, file), path.join(staging, file));
    }
    if (install) {
      console.log('» installing the production dependencies (npm ci --omit=dev)');
      await copyFile(path.join(repoRoot, 'package-lock.json'), path.join(staging, 'package-lock.json'));
      // --ignore-scripts: the package's own `prepare` (a build) needs the dev dependencies.
      run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], staging);
    }

    const files = await listKept(staging, keep);
    console.log(`» zipping ${files.length} files`);
    await zipFolder(staging, files, outFile);
    const { size } = await stat(outFile);
    console.log(
      `${path.relative(process.cwd(), outFile) || outFile}: ${files.length} files, ${(size / 1024 / 1024).toFixed(1)} MB`,
    );
    return files;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(repoRoot, 'scripts', 'package-functions.mjs')) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-install': { type: 'boolean' } } });
  const out = path.resolve(values.out ?? path.join(repoRoot, '.artifacts', 'functions.zip'));
  try {
    await packageFunctions(out, { install: !values['no-install'] });
  } catch (error) {
    console.error(`package:functions: ${error.message}`);
    process.exitCode = 1;
  }
}
