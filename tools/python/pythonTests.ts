/**
 * `npm run test:py`: sets up the venv if needed, then ruff (lint + format check) and pytest in
 * `databricks/`, JUnit XML to `test-results/junit-py.xml`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { DATABRICKS_DIR, ensurePythonEnv } from '../../shared/python/pythonEnv.js';

export const PY_JUNIT_XML = path.join(REPO_ROOT, 'test-results', 'junit-py.xml');

/** What a step's exit code means; pytest's 5 ("no tests collected") is a failure, not a pass. */
export function stepOutcome(step: 'ruff' | 'pytest', code: number): { ok: boolean; reason?: string } {
  if (code === 0) return { ok: true };
  if (step === 'pytest' && code === 5) return { ok: false, reason: 'pytest collected no tests' };
  return { ok: false, reason: `${step} exited with ${code}` };
}

/** The steps, in order: each is [label, step, python -m arguments]. */
export function pythonTestSteps(pytestArgs: string[] = []): [string, 'ruff' | 'pytest', string[]][] {
  return [
    ['ruff check', 'ruff', ['ruff', 'check', 'src', 'tests']],
    ['ruff format --check', 'ruff', ['ruff', 'format', '--check', 'src', 'tests']],
    // --durations=10: the ten slowest tests at the end, so that the cost of the suite stays visible.
    ['pytest', 'pytest', ['pytest', `--junitxml=${PY_JUNIT_XML}`, '--durations=10', ...pytestArgs]],
  ];
}

/** Runs every step (stopping at the first failure); returns the process exit code. */
export function runPythonTests(pytestArgs: string[] = []): number {
  const python = ensurePythonEnv();
  for (const [label, step, args] of pythonTestSteps(pytestArgs)) {
    console.log(`» ${label}`);
    const result = spawnSync(python, ['-m', ...args], { cwd: DATABRICKS_DIR, stdio: 'inherit' });
    const outcome = stepOutcome(step, result.error ? 1 : (result.status ?? 1));
    if (!outcome.ok) {
      console.error(`test:py: ${label} failed: ${result.error?.message ?? outcome.reason}`);
      return result.status && result.status !== 5 ? result.status : 1;
    }
  }
  return 0;
}
