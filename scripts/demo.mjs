// `npm run demo [-- --users 50 --seed 7]`: set up what is missing (node modules, build; the CLI
// sets up the Python venv and the Delta jars on first use), then run the compiled demo verb.
import { ensureBuilt, run } from './bootstrap.mjs';

try {
  ensureBuilt();
  run(process.execPath, ['bin/pulselake.js', 'demo', ...process.argv.slice(2)]);
} catch (error) {
  console.error(`npm run demo: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
