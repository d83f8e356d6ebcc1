/**
 * A child run in its own process group, so that everything it starts can be waited for. The
 * Python entry starts a JVM (and the JVM a shell and Python workers) that outlive the Python
 * process by a moment; without this a command could return while they still run.
 */

/** Whether any process of the group still exists (zombies included, until they are reaped). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface GroupEnd {
  /** True when processes were still there after the grace period and were sent SIGKILL. */
  killed: boolean;
}

/**
 * Resolves once no process of the group is left. Gives them `graceMs` to end by themselves
 * (the JVM exits when its Python driver's pipe closes), then kills what is left.
 */
export async function waitForGroupToEnd(pgid: number, graceMs = 30_000, pollMs = 50): Promise<GroupEnd> {
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone in the meantime
      }
      const reaped = Date.now() + 5_000; // killed processes still have to be reaped by their parents
      while (groupAlive(pgid) && Date.now() < reaped) await sleep(pollMs);
      return { killed: true };
    }
    await sleep(pollMs);
  }
  return { killed: false };
}

/**
 * Passes Ctrl-C and termination on to the group's leader (the group is not in the terminal's
 * foreground group) while the child runs. Only the leader: Python stops its own JVM, and
 * `run --watch` needs that JVM alive to stop its streams between two micro-batches (a SIGTERM
 * to the whole group would kill it first). What the leader leaves behind, `waitForGroupToEnd`
 * waits for. Returns the function that stops forwarding.
 */
export function forwardSignals(pgid: number): () => void {
  const forward = (signal: NodeJS.Signals) => {
    try {
      process.kill(pgid, signal);
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return () => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  };
}
