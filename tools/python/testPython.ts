/** Entry of `npm run test:py` (compiled to dist/tools/python/testPython.js); extra arguments go to pytest. */
import { EnvironmentError } from '../../shared/python/pythonEnv.js';
import { runPythonTests } from './pythonTests.js';

try {
  process.exitCode = runPythonTests(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof EnvironmentError)) throw error;
  console.error(`test:py: ${error.message}`);
  process.exitCode = 1;
}
