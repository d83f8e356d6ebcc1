// Dependency-free set-up shared by `npm test` and `npm run demo`: on a fresh clone it
// installs the node modules (which also builds), otherwise it rebuilds. Python and the
// Delta jars are set up by the CLI itself on first use.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const error = new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
}

export function ensureBuilt() {
  if (!existsSync(path.join(repoRoot, 'node_modules', '.package-lock.json'))) {
    console.log('» installing node modules (first run)…');
    run('npm', ['ci', '--no-audit', '--no-fund']); // runs `prepare`, which builds
  } else {
    run('npm', ['run', '--silent', 'build']);
  }
}
