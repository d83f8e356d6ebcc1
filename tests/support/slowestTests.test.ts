import { describe, expect, it } from 'vitest';
import { slowestLines } from './slowestTests.js';

describe('slowestLines', () => {
  it('lists the slowest first, at most `count`, with seconds and file > name', () => {
    const tests = [
      { file: 'tests/a.test.ts', name: 'fast', ms: 5 },
      { file: 'tests/b.test.ts', name: 'suite > slow', ms: 12_340 },
      { file: 'tests/a.test.ts', name: 'middle', ms: 800 },
    ];
    expect(slowestLines(tests, 2)).toEqual([
      '   12.3 s  tests/b.test.ts > suite > slow',
      '    0.8 s  tests/a.test.ts > middle',
    ]);
  });
});
