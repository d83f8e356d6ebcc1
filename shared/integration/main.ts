/**
 * Entry of `node scripts/integration-test.mjs` (the pipeline's "Integration test on dev" stage):
 * options from the command line, endpoints and credentials from the settings registry.
 *
 *   node scripts/integration-test.mjs --data <file-or-dir>... --expected <export-dir>
 *     [--bpm gateway|eventhubs] [--timeout-minutes 45] [--poll-seconds 60] [--only send|verify]
 *
 * `--only send` then `--only verify` lets the pipeline start the lakehouse job in between
 * (development-mode bundles pause the file-arrival trigger).
 */
import { parseArgs } from 'node:util';
import { readSetting, requireSetting } from '../config/settings.js';
import { createBpmPublisher } from '../eventhub/index.js';
import { readGoldExport } from '../report/goldTables.js';
import { AzureBatchSender, HttpBatchSender, type BatchSender } from '../simulator/senders.js';
import { databricksAuthFrom } from '../warehouse/databricksAuth.js';
import { readDataSet } from './courseRecords.js';
import { DatabricksGoldReader } from './DatabricksGoldReader.js';
import { describeComparison, sendAll, toBatches, waitForGold, type GoldReader } from './integrationTest.js';

export interface IntegrationOptions {
  data: string[];
  expected: string;
  bpm: 'gateway' | 'eventhubs';
  timeoutMs: number;
  pollMs: number;
  /** Both phases by default. */
  only?: 'send' | 'verify';
}

export function parseIntegrationArgs(argv: string[]): IntegrationOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', multiple: true },
      expected: { type: 'string' },
      bpm: { type: 'string', default: 'gateway' },
      'timeout-minutes': { type: 'string', default: '45' },
      'poll-seconds': { type: 'string', default: '60' },
      only: { type: 'string' },
    },
    strict: true,
  });
  const only = values.only;
  if (only !== undefined && only !== 'send' && only !== 'verify') throw new Error('--only must be send or verify');
  if (only !== 'verify' && !values.data?.length)
    throw new Error('--data <file-or-dir> is required (the data set to send)');
  if (only !== 'send' && !values.expected)
    throw new Error('--expected <dir> is required (workout_bpm_summary.jsonl, gym_summary.jsonl)');
  if (values.bpm !== 'gateway' && values.bpm !== 'eventhubs') throw new Error('--bpm must be gateway or eventhubs');
  const positive = (name: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
    return n;
  };
  return {
    data: values.data ?? [],
    expected: values.expected ?? '',
    bpm: values.bpm,
    timeoutMs: positive('timeout-minutes', values['timeout-minutes']) * 60_000,
    pollMs: positive('poll-seconds', values['poll-seconds']) * 1000,
    ...(only ? { only } : {}),
  };
}

export interface IntegrationDeps {
  sender: BatchSender;
  reader: GoldReader;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Sends, waits, compares; resolves with the process exit code (0 when gold matches). */
export async function runIntegrationTest(options: IntegrationOptions, deps: IntegrationDeps): Promise<number> {
  try {
    // Read the expected files first: a typo in the path fails before anything is sent.
    const expected = options.only === 'send' ? undefined : await readGoldExport(options.expected);
    if (options.only !== 'verify') {
      const { records, rejected } = await readDataSet(options.data);
      const batches = toBatches(records);
      deps.log(`» sending ${batches.length} batches (${rejected} source rows rejected by validation, not sent)`);
      const tally = await sendAll(deps.sender, batches);
      deps.log(`» ${tally.accepted} records accepted`);
    }
    if (!expected) return 0;
    deps.log(`» waiting for gold (up to ${options.timeoutMs / 60_000} min)`);
    const result = await waitForGold(deps.reader, expected, {
      timeoutMs: options.timeoutMs,
      pollMs: options.pollMs,
      sleep: deps.sleep,
      now: deps.now,
      onPoll: (c, ms) => deps.log(`  after ${Math.round(ms / 1000)} s: ${c.ok ? 'gold matches' : 'not yet'}`),
    });
    deps.log(describeComparison(result.comparison));
    deps.log(
      result.ok ? '» integration test passed' : '» integration test FAILED: gold differs from the expected files',
    );
    return result.ok ? 0 : 1;
  } finally {
    await deps.sender.close();
    await deps.reader.close();
  }
}

/** The deployed environment's sender and reader, from the settings registry. */
export function depsFromSettings(options: IntegrationOptions, env: NodeJS.ProcessEnv = process.env): IntegrationDeps {
  const why = 'is required for the integration test';
  const http = new HttpBatchSender(requireSetting('functionsUrl', env, why), {
    functionKey: readSetting('functionsClientKey', env),
  });
  const sender = options.bpm === 'eventhubs' ? new AzureBatchSender(http, createBpmPublisher(env)) : http;
  const reader = new DatabricksGoldReader({
    host: requireSetting('databricksHost', env, why),
    httpPath: requireSetting('databricksHttpPath', env, why),
    auth: databricksAuthFrom(readSetting('databricksToken', env)),
    catalog: requireSetting('databricksCatalog', env),
  });
  return { sender, reader, log: (line) => console.log(line) };
}

export async function integrationTestMain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = parseIntegrationArgs(argv);
  return runIntegrationTest(options, depsFromSettings(options, env));
}
