import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../shared/localhost/EventQueue.js';

type Op =
  | { kind: 'push'; items: number[] }
  | { kind: 'prepend'; items: number[] }
  | { kind: 'drop'; count: number }
  | { kind: 'peek'; count: number }
  | { kind: 'find'; above: number };

// size 'max': batches of thousands, so that drops pass the compaction threshold (1,024 taken)
const items = fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 2000, size: 'max' });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), items }),
  fc.record({ kind: fc.constant('prepend' as const), items: fc.array(fc.integer(), { maxLength: 20 }) }),
  fc.record({ kind: fc.constant('drop' as const), count: fc.integer({ min: 0, max: 2500 }) }),
  fc.record({ kind: fc.constant('peek' as const), count: fc.integer({ min: 0, max: 2500 }) }),
  fc.record({ kind: fc.constant('find' as const), above: fc.integer({ min: 0, max: 10_000 }) }),
);

describe('EventQueue', () => {
  it('behaves as a plain array taken from the front, across compactions', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const queue = new EventQueue<number>();
        let model: number[] = [];
        for (const o of ops) {
          if (o.kind === 'push') {
            queue.push(o.items);
            model = [...model, ...o.items];
          } else if (o.kind === 'prepend') {
            queue.prepend(o.items);
            model = [...o.items, ...model];
          } else if (o.kind === 'drop') {
            queue.drop(o.count);
            model = model.slice(o.count);
          } else if (o.kind === 'peek') {
            expect(queue.peek(o.count)).toEqual(model.slice(0, o.count));
          } else {
            expect(queue.findIndex((x) => x > o.above)).toBe(model.findIndex((x) => x > o.above));
          }
          expect(queue.length).toBe(model.length);
        }
        expect(queue.peek(model.length + 1)).toEqual(model);
      }),
      { numRuns: 100, endOnFailure: true }, // no shrinking: arrays of thousands shrink for minutes
    );
  });
});
