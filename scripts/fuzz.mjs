// `npm run fuzz`: the property-based fuzz tests (tests/reliability/fuzz.test.ts) at 100,000 cases
// per property (FUZZ_RUNS overrides it; FUZZ_SEED replays a reported counterexample).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './bootstrap.mjs';

const runs = process.env.FUZZ_RUNS ?? '100000';
const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', 'tests/reliability/fuzz.test.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs },
});
process.exit(run.status ?? 1);
