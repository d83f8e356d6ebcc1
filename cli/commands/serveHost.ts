/**
 * The worker thread of `pulselake serve` (cli/commands/serve.ts): runs the local host and answers the main
 * thread's messages. The host runs here rather than on the main thread because a worker's young generation
 * can be sized (`resourceLimits`), which a running process cannot do for itself (docs/performance.md).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../../shared/config/settings.js';
import { startLocalHost } from '../../shared/localhost/LocalHost.js';
import type { HostFailure, HostReady, ServeHostData, ToHost } from './serveMessages.js';

function failure(error: unknown): HostFailure {
  const { code, port } = error as { code?: unknown; port?: unknown };
  return {
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof port === 'number' ? { port } : {}),
    ...(error instanceof ConfigError ? { setting: error.setting, reason: error.reason } : {}),
  };
}

const port = parentPort;
if (!port) throw new Error('serveHost.js runs as the worker thread of `pulselake serve`');
const { port: tcpPort, host: address } = workerData as ServeHostData;

try {
  const host = await startLocalHost({ port: tcpPort, host: address });
  const ready: HostReady = {
    type: 'ready',
    url: host.url,
    routes: host.routes,
    notServed: host.notServed,
    partitions: host.hub.state().length,
  };
  port.on('message', (message: ToHost) => {
    if (message.type !== 'stop') return;
    host
      .close()
      .then(
        () => port.postMessage({ type: 'stopped' }),
        (error: unknown) => port.postMessage(failure(error)),
      )
      .finally(() => port.close()); // nothing else keeps the worker alive: it ends, its output flushed
  });
  port.postMessage(ready);
} catch (error) {
  port.postMessage(failure(error));
}
