// `npm run bench`: builds, then runs every scripts/bench-*.mjs in turn. Benchmarks print
// measurements (throughput, memory); they assert nothing, so a slow machine never fails them.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, repoRoot, run } from './bootstrap.mjs';

const only = process.argv.slice(2);
const benches = readdirSync(path.join(repoRoot, 'scripts'))
  .filter((name) => /^bench-.+\.mjs$/.test(name))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

try {
  ensureBuilt();
  for (const name of benches) {
    console.log(`» ${name}`);
    run(process.execPath, [path.join('scripts', name)]);
  }
} catch (error) {
  console.error(`npm run bench: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
