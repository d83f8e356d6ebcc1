/** `pulselake serve [--port 7071]`: the Functions app on a local Node HTTP server with an in-process Event Hub. */
import { InvalidArgumentError, type Command } from 'commander';
import { readSetting } from '../../shared/config/settings.js';
import { startLocalHost } from '../../shared/localhost/LocalHost.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
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
      const host = await startLocalHost({ port: options.port, host: options.host });
      console.log(`PulseLake local host listening on ${host.url}`);
      for (const route of host.routes)
        console.log(`  ${route.method.padEnd(5)} ${host.url}${route.path}  (${route.functionName})`);
      console.log(`  Event Hubs trigger fed by an in-process hub (${host.hub.state().length} partitions)`);
      if (host.notServed.length > 0) console.log(`  not run locally: ${host.notServed.join(', ')}`);
      console.log(readSetting('functionKey') ? '  function key required' : '  no function key set: open');

      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          console.log(`${signal}: finishing requests and landing pending BPM readings…`);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      try {
        await host.close();
        console.log('PulseLake local host stopped.');
      } catch (error) {
        console.error(`pulselake serve: ${(error as Error).message}`);
        process.exitCode = 1;
      }
    });
}
