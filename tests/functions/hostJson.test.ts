import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared/config/paths.js';

const host = JSON.parse(readFileSync(path.join(REPO_ROOT, 'host.json'), 'utf8')) as {
  version: string;
  extensionBundle: { id: string; version: string };
  extensions: { http: { routePrefix: string }; eventHubs: Record<string, unknown> };
};

describe('host.json', () => {
  it('is a v2 host on extension bundle 4.x with routes under /api', () => {
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle).toEqual({ id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' });
    expect(host.extensions.http.routePrefix).toBe('api');
  });

  it('has Event Hubs settings that fit together (see docs/functions.md)', () => {
    const eh = host.extensions.eventHubs as {
      maxEventBatchSize: number;
      minEventBatchSize: number;
      prefetchCount: number;
      batchCheckpointFrequency: number;
      maxWaitTime: string;
    };
    expect(eh.minEventBatchSize).toBeLessThan(eh.maxEventBatchSize);
    // Prefetch at least one full batch ahead, or the trigger waits on the network between batches.
    expect(eh.prefetchCount).toBeGreaterThanOrEqual(eh.maxEventBatchSize);
    // Checkpoint after every landed batch: a restart then redelivers at most one batch.
    expect(eh.batchCheckpointFrequency).toBe(1);
    // maxWaitTime bounds the latency a partial batch adds; the extension caps it at 10 minutes.
    expect(eh.maxWaitTime).toMatch(/^00:0\d:\d\d$/);
  });
});
