// `npm run demo [-- --users 50 --seed 7]`: set up what is missing (node modules, build; the CLI
// sets up the Python venv and the Delta jars on first use), then run the compiled demo verb.
// The total printed at the end counts from the start of this command, set-up included.
import { ensureBuilt, run } from './bootstrap.mjs';

const started = Date.now();
const total = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
try {
  ensureBuilt();
  run(process.execPath, ['bin/pulselake.js', 'demo', ...process.argv.slice(2)]);
  console.log(`npm run demo: ${total()} in all (set-up included: install, build, Python venv)`);
} catch (error) {
  console.error(`npm run demo: ${error.message} (after ${total()})`);
  process.exit(error.exitCode ?? 1);
}
