/**
 * The parts of `host.json` the local host honours, so it behaves like the Functions host with
 * the same file: the HTTP route prefix and the Event Hubs batch size.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/paths.js';

export interface LocalHostJson {
  routePrefix: string;
  maxEventBatchSize: number;
}

const DEFAULTS: LocalHostJson = { routePrefix: 'api', maxEventBatchSize: 100 };

function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Reads host.json; a missing file or setting gives the Functions defaults. */
export function readHostJson(file = path.join(REPO_ROOT, 'host.json')): LocalHostJson {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULTS;
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const routePrefix = at(json, 'extensions', 'http', 'routePrefix');
  const batchSize = at(json, 'extensions', 'eventHubs', 'maxEventBatchSize');
  return {
    routePrefix: typeof routePrefix === 'string' ? routePrefix.replace(/^\/+|\/+$/g, '') : DEFAULTS.routePrefix,
    maxEventBatchSize:
      typeof batchSize === 'number' && Number.isInteger(batchSize) && batchSize > 0
        ? batchSize
        : DEFAULTS.maxEventBatchSize,
  };
}
