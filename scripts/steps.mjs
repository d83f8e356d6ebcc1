// Runs named steps in order, each even when an earlier one failed, and prints a summary.
// Used by `npm test` (scripts/test.mjs) so that a lint error cannot hide a failing pytest.
// A step is [name, fn] (fn may return a promise) or { together: [[name, fn], ...] }: steps that run side by
// side (the TypeScript and Python suites: each spends much of its time waiting on a JVM or a timer, so on
// 2 cores the pair takes less than the sum); each still gets its own line in the summary.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

async function attempt(name, step) {
  try {
    await step();
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs every step; resolves to one result per named step ({ name, ok, reason? }). */
export async function runSteps(steps, log = console.log) {
  const started = Date.now();
  const results = [];
  for (const step of steps) {
    if (Array.isArray(step)) {
      log(`» ${step[0]}`);
      results.push(await attempt(...step));
    } else {
      log(`» side by side: ${step.together.map(([name]) => name).join(' | ')}`);
      results.push(...(await Promise.all(step.together.map(([name, fn]) => attempt(name, fn)))));
    }
  }
  log(`\nsummary (${((Date.now() - started) / 1000).toFixed(0)} s):`);
  for (const r of results) log(`  ${r.ok ? 'passed' : 'FAILED'}  ${r.name}${r.ok ? '' : `: ${r.reason}`}`);
  return results;
}

/**
 * Runs a command whose output is interleaved with another's: every line of its stdout and stderr goes to
 * `log` behind `prefix`. Resolves when it exits 0, rejects naming the command and its exit code otherwise.
 */
export function runPrefixed(command, args, prefix, { log = console.log, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const closed = [child.stdout, child.stderr].map(
      (stream) =>
        new Promise((done) => {
          readline
            .createInterface({ input: stream, crlfDelay: Infinity })
            .on('line', (line) => log(`${prefix}${line}`));
          stream.on('close', done);
        }),
    );
    child.on('error', reject);
    child.on('close', async (code, signal) => {
      await Promise.all(closed);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}
