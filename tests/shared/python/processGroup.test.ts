import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { groupAlive, waitForGroupToEnd } from '../../../shared/python/processGroup.js';

/** A leader that exits at once and leaves a `sleep` behind in its group (as Python leaves its JVM). */
async function groupWithStraggler(seconds: number): Promise<number> {
  const leader = spawn('sh', ['-c', `sleep ${seconds} & exit 0`], { detached: true, stdio: 'ignore' });
  await new Promise((resolve) => leader.on('close', resolve));
  return leader.pid as number;
}

describe('waitForGroupToEnd', () => {
  it('waits for a process the leader left behind, not just for the leader', async () => {
    const pgid = await groupWithStraggler(0.6);
    expect(groupAlive(pgid)).toBe(true); // the leader is gone, its sleep is not
    const started = Date.now();
    expect(await waitForGroupToEnd(pgid)).toEqual({ killed: false });
    expect(Date.now() - started).toBeGreaterThan(300);
    expect(groupAlive(pgid)).toBe(false);
  });

  it('kills what is still there after the grace period', async () => {
    const pgid = await groupWithStraggler(60);
    expect(await waitForGroupToEnd(pgid, 200)).toEqual({ killed: true });
    expect(groupAlive(pgid)).toBe(false);
  });
});
