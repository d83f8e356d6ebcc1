/**
 * Where simulated batches go. Over HTTP to the feed routes (the local host, or the deployed
 * Function App with its key): one JSON array per request, the response says how many records
 * were accepted and which were rejected. BPM to Azure goes through Event Hubs instead, with
 * the same publisher the BPM gateway uses; validation then happens when the trigger lands it.
 */
import type { BpmRecord } from '../feeds/generated/types.js';
import { FEEDS } from '../feeds/registry.js';
import type { BpmPublisher } from '../eventhub/BpmPublisher.js';
import type { Batch } from './delivery.js';

export interface SendResult {
  accepted: number;
  rejected: number;
}

export interface BatchSender {
  send(batch: Batch): Promise<SendResult>;
  close(): Promise<void>;
}

export interface HttpSenderOptions {
  /** Sent as `x-functions-key` when set. */
  functionKey?: string;
  /** Attempts per batch on a network error, 429 or 5xx (nothing was acknowledged, so resending is safe). */
  attempts?: number;
  /** First retry delay; doubles each time. */
  retryDelayMs?: number;
}

interface IngestResponse {
  accepted?: number;
  rejected?: unknown[];
}

export class HttpBatchSender implements BatchSender {
  constructor(
    private readonly baseUrl: string,
    private readonly options: HttpSenderOptions = {},
  ) {}

  url(batch: Batch): string {
    return `${this.baseUrl.replace(/\/+$/, '')}/api/${FEEDS[batch.feed].route}`;
  }

  async send(batch: Batch): Promise<SendResult> {
    const attempts = this.options.attempts ?? 5;
    const body = JSON.stringify(batch.records);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.functionKey) headers['x-functions-key'] = this.options.functionKey;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep((this.options.retryDelayMs ?? 500) * 2 ** (attempt - 2));
      let response: Response;
      try {
        response = await fetch(this.url(batch), { method: 'POST', headers, body });
      } catch (error) {
        lastError = `network error: ${(error as Error).message}`;
        continue;
      }
      const text = await response.text();
      if (response.status === 429 || response.status >= 500) {
        lastError = `HTTP ${response.status}: ${text.slice(0, 200)}`;
        continue;
      }
      return parseResult(response.status, text, batch);
    }
    throw new Error(`POST ${this.url(batch)} failed after ${attempts} attempts (${lastError})`);
  }

  async close(): Promise<void> {}
}

/** 202 (some accepted) and 400 with the ingest shape both carry counts; anything else is an error. */
function parseResult(status: number, text: string, batch: Batch): SendResult {
  let parsed: IngestResponse | undefined;
  try {
    parsed = JSON.parse(text) as IngestResponse;
  } catch {
    parsed = undefined;
  }
  if ((status === 202 || status === 200 || status === 400) && typeof parsed?.accepted === 'number') {
    return { accepted: parsed.accepted, rejected: parsed.rejected?.length ?? batch.records.length - parsed.accepted };
  }
  throw new Error(`POST /api/${FEEDS[batch.feed].route} answered ${status}: ${text.slice(0, 300)}`);
}

/** BPM through Event Hubs, everything else over HTTP. */
export class AzureBatchSender implements BatchSender {
  constructor(
    private readonly http: HttpBatchSender,
    private readonly bpm: BpmPublisher,
  ) {}

  async send(batch: Batch): Promise<SendResult> {
    if (batch.feed !== 'bpm') return this.http.send(batch);
    await this.bpm.publish(batch.records as BpmRecord[]);
    // Event Hubs acknowledges every event; invalid ones are quarantined when the trigger lands them.
    return { accepted: batch.records.length, rejected: 0 };
  }

  async close(): Promise<void> {
    await this.bpm.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
