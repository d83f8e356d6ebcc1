import { describe, expect, it } from 'vitest';
import type { Batch, DeliveryPlan } from '../../../shared/simulator/delivery.js';
import { deliverPaced } from '../../../shared/simulator/pacedDelivery.js';
import type { BatchSender } from '../../../shared/simulator/senders.js';

const batch = (feed: Batch['feed'], at: number, records = 2): Batch => ({
  feed,
  at,
  broken: 0,
  records: Array.from({ length: records }, (_, i) => ({ i })),
});

function plan(onTime: Batch[], late: Batch[] = []): DeliveryPlan {
  return { waves: [onTime, late], delivered: [], duplicates: 0, late: 0, broken: 0 };
}

/** A fake clock: sleeping moves it; the sender notes when (wall ms) each batch went out. */
function harness() {
  let clock = 1_000;
  const sentAt: [string, number][] = [];
  const sender: BatchSender = {
    send: (b) => {
      sentAt.push([`${b.feed}@${b.at}`, clock]);
      return Promise.resolve({ accepted: b.records.length, rejected: 0 });
    },
    close: () => Promise.resolve(),
  };
  const now = () => clock;
  const sleep = (ms: number) => {
    clock += ms;
    return Promise.resolve();
  };
  return { sender, sentAt, now, sleep };
}

describe('deliverPaced', () => {
  it('sends each batch at its simulated time divided by the speed, then the late wave at once', async () => {
    const h = harness();
    const result = await deliverPaced(
      plan([batch('bpm', 100), batch('workout', 101), batch('bpm', 120)], [batch('bpm', 50)]),
      h.sender,
      { speed: 10, now: h.now, sleep: h.sleep },
    );
    expect(h.sentAt).toEqual([
      ['bpm@100', 1_000],
      ['workout@101', 1_100],
      ['bpm@120', 3_000],
      ['bpm@50', 3_000],
    ]);
    expect(result.complete).toBe(true);
    expect(result.tally.bpm).toEqual({ sent: 6, accepted: 6, rejected: 0 });
  });

  it('skips quiet stretches longer than maxWaitMs and keeps the pace after them', async () => {
    const h = harness();
    const skipped: number[] = [];
    await deliverPaced(plan([batch('bpm', 0), batch('bpm', 3600), batch('bpm', 3601)]), h.sender, {
      speed: 1,
      maxWaitMs: 5_000,
      onSkip: (ms) => skipped.push(ms),
      now: h.now,
      sleep: h.sleep,
    });
    expect(h.sentAt.map(([, at]) => at)).toEqual([1_000, 6_000, 7_000]);
    expect(skipped).toEqual([3_595_000]);
  });

  it('stops between batches when the signal aborts and returns what was sent', async () => {
    const h = harness();
    const stop = new AbortController();
    const result = await deliverPaced(plan([batch('bpm', 0), batch('bpm', 10), batch('bpm', 20)]), h.sender, {
      speed: 1,
      signal: stop.signal,
      onBatch: () => stop.abort(),
      now: h.now,
      sleep: h.sleep,
    });
    expect(result.complete).toBe(false);
    expect(result.sent.map((b) => b.at)).toEqual([0]);
  });

  it('sends what happened before `from` at once, then keeps the pace from there', async () => {
    const h = harness();
    await deliverPaced(
      plan([batch('registration', -5000), batch('registration', -10), batch('bpm', 0), batch('bpm', 2)]),
      h.sender,
      {
        speed: 1,
        from: 0,
        now: h.now,
        sleep: h.sleep,
      },
    );
    expect(h.sentAt.map(([, at]) => at)).toEqual([1_000, 1_000, 1_000, 3_000]);
  });
});
