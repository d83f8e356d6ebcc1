/** `pulselake serve [--port 7071]`: the Functions app on a local Node HTTP server with an in-process Event Hub. */
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError, readSetting } from '../../shared/config/settings.js';
import type { FromHost, HostFailure, HostReady, ServeHostData, ToHost } from './serveMessages.js';

/**
 * The host's young generation (V8's new space): three times the semi-space, so 192 MB is a 64 MB semi-space,
 * four times Node's default. A 10,000-record request keeps its records, their texts and the journal lines
 * alive across the journal's fsync; with the default semi-space they outlive several scavenges, each one
 * copying them. Measured on 10,000-record batches, six alternated pairs: server CPU per accepted record,
 * median 6.0 -> 5.3 us (docs/performance.md). A running process cannot resize its own young generation, a
 * worker's can be set: hence the worker.
 */
export const HOST_YOUNG_GENERATION_MB = 192;

/** How long a stopped host's worker may take to end by itself before it is terminated. */
const WORKER_EXIT_GRACE_MS = 5_000;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

/** The worker's error as the CLI reports it: a ConfigError, a busy port (code and port kept), or a plain Error. */
export function hostError(failure: HostFailure): Error {
  if (failure.setting !== undefined) return new ConfigError(failure.setting, failure.reason ?? failure.message);
  const error = Object.assign(new Error(failure.message), {
    ...(failure.code !== undefined ? { code: failure.code } : {}),
    ...(failure.port !== undefined ? { port: failure.port } : {}),
  });
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}

/** The next message of a given type from the worker; rejects on a failure message or when the worker ends. */
function nextMessage<T extends FromHost['type']>(worker: Worker, type: T): Promise<Extract<FromHost, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromHost): void => {
      if (message.type !== type && message.type !== 'failed') return;
      cleanup();
      if (message.type === 'failed') reject(hostError(message));
      else resolve(message as Extract<FromHost, { type: T }>);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`the local host's worker ended (exit code ${code}) before it was ${type}`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

function printReady(ready: HostReady): void {
  console.log(`PulseLake local host listening on ${ready.url}`);
  for (const route of ready.routes)
    console.log(`  ${route.method.padEnd(5)} ${ready.url}${route.path}  (${route.functionName})`);
  console.log(`  Event Hubs trigger fed by an in-process hub (${ready.partitions} partitions)`);
  if (ready.notServed.length > 0) console.log(`  not run locally: ${ready.notServed.join(', ')}`);
  console.log(readSetting('functionKey') ? '  function key required' : '  no function key set: open');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the Functions app locally: the same HTTP routes and handlers, with an in-process Event Hub ' +
        'feeding the BPM trigger. Set PULSELAKE_FUNCTION_KEY to require a function key.',
    )
    .option('--port <port>', 'TCP port (0 = any free port)', port, 7071)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .action(async (options: { port: number; host: string }) => {
      const data: ServeHostData = { port: options.port, host: options.host };
      const worker = new Worker(new URL('./serveHost.js', import.meta.url), {
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: HOST_YOUNG_GENERATION_MB },
      });
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      try {
        printReady(await nextMessage(worker, 'ready'));
      } catch (error) {
        await worker.terminate();
        throw error;
      }

      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        const stop = (received: NodeJS.Signals): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(received);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      console.log(`${signal}: finishing requests and landing pending BPM readings…`);
      const stopped = nextMessage(worker, 'stopped');
      worker.postMessage({ type: 'stop' } satisfies ToHost);
      try {
        await stopped;
        console.log('PulseLake local host stopped.');
      } catch (error) {
        console.error(`pulselake serve: ${(error as Error).message}`);
        process.exitCode = 1;
      }
      // The worker ends by itself once the host is closed; a handle left open must not keep the CLI waiting.
      const grace = setTimeout(() => void worker.terminate(), WORKER_EXIT_GRACE_MS);
      await exited;
      clearTimeout(grace);
    });
}
