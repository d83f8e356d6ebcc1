/**
 * Vitest reporter: after a run, the ten slowest tests with their file (pytest's `--durations=10` for the
 * TypeScript side), so that the cost of `npm test` stays visible where it is paid.
 */
import type { Reporter, TestModule } from 'vitest/node';

export interface TimedTest {
  file: string;
  name: string;
  ms: number;
}

/** The `count` slowest tests, slowest first, one line each: `  12.3 s  tests/x.test.ts > suite > test`. */
export function slowestLines(tests: readonly TimedTest[], count = 10): string[] {
  return [...tests]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((t) => `${(t.ms / 1000).toFixed(1).padStart(7)} s  ${t.file} > ${t.name}`);
}

export default class SlowestTestsReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const tests: TimedTest[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const ms = test.diagnostic()?.duration;
        if (ms !== undefined) tests.push({ file: module.relativeModuleId, name: test.fullName, ms });
      }
    }
    if (tests.length === 0) return;
    console.log(`\nslowest ${Math.min(10, tests.length)} tests:\n${slowestLines(tests).join('\n')}`);
  }
}
