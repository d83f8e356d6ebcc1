// Runs named steps in order, each even when an earlier one failed, and prints a summary.
// Used by `npm test` (scripts/test.mjs) so that a lint error cannot hide a failing pytest.

/** Runs every step; returns one result per step ({ name, ok, reason? }). */
export function runSteps(steps, log = console.log) {
  const started = Date.now();
  const results = [];
  for (const [name, step] of steps) {
    log(`» ${name}`);
    try {
      step();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  log(`\nsummary (${((Date.now() - started) / 1000).toFixed(0)} s):`);
  for (const r of results) log(`  ${r.ok ? 'passed' : 'FAILED'}  ${r.name}${r.ok ? '' : `: ${r.reason}`}`);
  return results;
}
