// `npm test`: every check, from a fresh clone: set-up, lint, TypeScript tests, Python tests.
// Every step runs even when an earlier one failed (a lint error must not hide a failing
// pytest); a summary lists each step's result and the exit code is non-zero if any failed.
import { ensureBuilt, run } from './bootstrap.mjs';
import { runSteps } from './steps.mjs';

const STEPS = [
  ['set-up (node modules, build)', () => ensureBuilt()],
  [
    'lint (eslint, prettier, secretlint, tsc on tests)',
    () => {
      const failed = [];
      for (const [command, args] of [
        ['npx', ['eslint', '.']],
        ['npx', ['prettier', '--check', '.']],
        // Committed secrets (tokens, keys, private keys): the supply-chain check npm audit cannot do here.
        ['npx', ['secretlint', '--secretlintignore', '.gitignore', '**/*']],
        ['npx', ['tsc', '-p', 'tsconfig.test.json']],
      ]) {
        try {
          run(command, args);
        } catch (error) {
          failed.push(error.message);
        }
      }
      if (failed.length > 0) throw new Error(failed.join('; '));
    },
  ],
  // Before vitest: its end-to-end tests run the lakehouse, and one set-up beats several racing for the lock.
  [
    'Python environment (venv with the pinned PySpark/Delta, Java 17 check)',
    () => run('node', ['-e', "import('./dist/shared/python/pythonEnv.js').then((m) => m.ensurePythonEnv())"]),
  ],
  ['TypeScript tests (vitest)', () => run('npx', ['vitest', 'run'])],
  ['Python tests (ruff, pytest on Spark local + Delta)', () => run('npm', ['run', '--silent', 'test:py'])],
];

const results = runSteps(STEPS);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
