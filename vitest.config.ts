import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', 'junit', './tests/support/slowestTests.ts'],
    outputFile: { junit: 'test-results/junit-ts.xml' },
  },
});
