// `npm test`: every check, from a fresh clone: set-up, then lint, TypeScript tests and Python tests side by side.
// Every step runs even when an earlier one failed (a lint error must not hide a failing
// pytest); a summary lists each step's result and the exit code is non-zero if any failed.
import { ensureBuilt, repoRoot } from './bootstrap.mjs';
import { runPrefixed, runSteps } from './steps.mjs';

const LINTERS = [
  ['npx', ['eslint', '.']],
  ['npx', ['prettier', '--check', '.']],
  // Committed secrets (tokens, keys, private keys): the supply-chain check npm audit cannot do here.
  ['npx', ['secretlint', '--secretlintignore', '.gitignore', '**/*']],
  ['npx', ['tsc', '-p', 'tsconfig.test.json']],
];

/** Every linter, one after the other (each even when an earlier one failed); rejects naming those that failed. */
async function lint() {
  const failed = [];
  for (const [command, args] of LINTERS) {
    try {
      await runPrefixed(command, args, 'lint │ ', { cwd: repoRoot });
    } catch (error) {
      failed.push(error.message);
    }
  }
  if (failed.length > 0) throw new Error(failed.join('; '));
}

const STEPS = [
  ['set-up (node modules, build)', () => ensureBuilt()],
  // The Python environment is not a step of its own: `test:py` sets it up first (venv, hash-locked packages,
  // Java check) while vitest runs beside it. The TypeScript test that needs it (the simulated end to end) waits
  // on the set-up lock it holds, and the first Spark start resolves the Delta jars under a lock. The checkov
  // tests make their own venv (databricks/.venv-infra) the first time, off the Python tests' path.
  {
    together: [
      ['TypeScript tests (vitest)', () => runPrefixed('npx', ['vitest', 'run'], 'vitest │ ', { cwd: repoRoot })],
      [
        'Python tests (ruff, pytest on Spark local + Delta)',
        () => runPrefixed('npm', ['run', '--silent', 'test:py'], 'pytest │ ', { cwd: repoRoot }),
      ],
      // Beside the suites rather than 20 s in a row before them: it overlaps their first, less busy minute.
      ['lint (eslint, prettier, secretlint, tsc on tests)', lint],
    ],
  },
];

const results = await runSteps(STEPS);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
