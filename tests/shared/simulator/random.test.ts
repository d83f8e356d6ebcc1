import { describe, expect, it } from 'vitest';
import { Random } from '../../../shared/simulator/random.js';

const draw = (rng: Random, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    expect(draw(new Random(42), 100)).toEqual(draw(new Random(42), 100));
    expect(draw(new Random(42), 100)).not.toEqual(draw(new Random(43), 100));
  });

  it('stays in [0, 1) and spreads evenly over ten buckets', () => {
    const values = draw(new Random(7), 50_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const buckets = new Map<number, number>();
    for (const v of values) buckets.set(Math.floor(v * 10), (buckets.get(Math.floor(v * 10)) ?? 0) + 1);
    expect(buckets.size).toBe(10);
    for (const count of buckets.values()) expect(count).toBeGreaterThan(4_500);
  });

  it('int covers both ends of its inclusive range', () => {
    const rng = new Random(1);
    const seen = new Set(Array.from({ length: 2_000 }, () => rng.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('forks independent, reproducible streams per label', () => {
    const a = new Random(5).fork(1);
    const b = new Random(5).fork(2);
    expect(draw(new Random(5).fork(1), 20)).toEqual(draw(a, 20));
    expect(draw(a, 20)).not.toEqual(draw(b, 20));
  });

  it('weighted picks follow the weights', () => {
    const rng = new Random(9);
    const picks = Array.from({ length: 20_000 }, () =>
      rng.weighted([
        ['a', 1],
        ['b', 3],
      ] as const),
    );
    const shareB = picks.filter((p) => p === 'b').length / picks.length;
    expect(shareB).toBeGreaterThan(0.72);
    expect(shareB).toBeLessThan(0.78);
  });

  it('normal has the requested mean and spread', () => {
    const rng = new Random(11);
    const values = Array.from({ length: 20_000 }, () => rng.normal(70, 5));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(70, 0);
    expect(sd).toBeGreaterThan(4.8);
    expect(sd).toBeLessThan(5.2);
  });
});
