// `npm run lock:python`: regenerates databricks/requirements.lock and requirements-infra.lock, the hash-locked
// Python environments that shared/python/pythonEnv.ts installs with `pip install --require-hashes` (the
// lakehouse venv; the infrastructure checks' venv).
// Inputs: databricks/pyproject.toml (dependencies + the local and dev extras and its [build-system] requires for
// the first lock: the editable install builds without isolation, from the locked setuptools; the infra extra
// alone for the second).
// Resolution is universal (markers for every platform and Python >= 3.10) and every pinned
// distribution carries its PyPI SHA-256 hashes. Uses uv from PyPI in a throwaway venv.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './bootstrap.mjs';

const UV_VERSION = '0.13.8';
const databricks = path.join(repoRoot, 'databricks');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

const pyproject = readFileSync(path.join(databricks, 'pyproject.toml'), 'utf8');
const buildRequires = /\[build-system\][^[]*?requires\s*=\s*\[([^\]]*)\]/s.exec(pyproject)?.[1];
if (!buildRequires) throw new Error('no [build-system] requires in databricks/pyproject.toml');

const work = mkdtempSync(path.join(os.tmpdir(), 'pulselake-lock-'));
try {
  const buildIn = path.join(work, 'build-requirements.in');
  writeFileSync(buildIn, [...buildRequires.matchAll(/"([^"]+)"/g)].map((m) => m[1]).join('\n') + '\n');
  run(process.env.PULSELAKE_PYTHON || 'python3', ['-m', 'venv', path.join(work, 'venv')]);
  const bin = path.join(work, 'venv', 'bin');
  run(path.join(bin, 'python'), ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', `uv==${UV_VERSION}`]);
  // uv prefers the versions already in an output file, so a pyproject change moves only what it must.
  const compile = (inputs, extras, output) =>
    run(
      path.join(bin, 'uv'),
      [
        'pip',
        'compile',
        ...inputs,
        ...extras.flatMap((extra) => ['--extra', extra]),
        '--universal',
        '--python-version',
        '3.10',
        '--generate-hashes',
        '--no-annotate',
        '--custom-compile-command',
        'npm run lock:python',
        '--output-file',
        output,
      ],
      { cwd: databricks, env: { ...process.env, UV_NO_CACHE: '1' } },
    );
  compile(['pyproject.toml', buildIn], ['local', 'dev'], 'requirements.lock');
  compile(['pyproject.toml'], ['infra'], 'requirements-infra.lock');
  // The throwaway input's temp path must not make the lock differ from one run to the next.
  const lock = path.join(databricks, 'requirements.lock');
  writeFileSync(lock, readFileSync(lock, 'utf8').replaceAll(buildIn, 'build-system.requires'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
