// `npm test`: every check, from a fresh clone: set-up, lint, TypeScript tests, Python tests.
import { ensureBuilt, run } from './bootstrap.mjs';

try {
  ensureBuilt();
  console.log('» lint (eslint, prettier, secretlint, tsc on tests)');
  run('npx', ['eslint', '.']);
  run('npx', ['prettier', '--check', '.']);
  // Committed secrets (tokens, keys, private keys): the supply-chain check npm audit cannot do here.
  run('npx', ['secretlint', '--secretlintignore', '.gitignore', '**/*']);
  run('npx', ['tsc', '-p', 'tsconfig.test.json']);
  console.log('» Python environment (venv with the pinned PySpark/Delta, Java 17 check)');
  run('node', ['-e', "import('./dist/shared/python/pythonEnv.js').then((m) => m.ensurePythonEnv())"]);
  console.log('» TypeScript tests (vitest)');
  run('npx', ['vitest', 'run']);
  console.log('» Python tests (ruff, pytest on Spark local + Delta)');
  run('npm', ['run', '--silent', 'test:py']);
} catch (error) {
  console.error(`npm test: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
