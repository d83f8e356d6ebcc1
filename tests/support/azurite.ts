/**
 * Starts a real Azurite Blob emulator for a test file and stops it afterwards, by PID.
 * In-memory, in a temporary working folder, on a free port, silent.
 *
 *   const azurite = await startAzurite();   // beforeAll
 *   azurite.connectionString                 // for BlobServiceClient / PULSELAKE settings
 *   await azurite.stop();                    // afterAll
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const AZURITE_BLOB = path.join(REPO_ROOT, 'node_modules', '.bin', 'azurite-blob');

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  port: number;
  pid: number;
  blobEndpoint: string;
  connectionString: string;
  /** Graceful stop (SIGTERM); a given `location` is kept for a restart. */
  stop(): Promise<void>;
  /** Fault injection: freezes the process (SIGSTOP) / lets it run again (SIGCONT). */
  freeze(): void;
  thaw(): void;
}

export interface AzuriteOptions {
  /** Persist blobs in this folder (kept on stop) instead of memory: a restart sees them again. */
  location?: string;
  /** Listen on this port (a restart on the same endpoint); default a free one. */
  port?: number;
  timeoutMs?: number;
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`azurite-blob exited with ${child.exitCode}: ${output()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`azurite-blob did not listen on ${port} within ${timeoutMs} ms: ${output()}`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startAzurite(options: AzuriteOptions | number = {}): Promise<Azurite> {
  const {
    location,
    port: givenPort,
    timeoutMs = 30_000,
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const port = givenPort ?? (await freePort());
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'pulselake-azurite-'));
  const child = spawn(
    AZURITE_BLOB,
    [
      '--skipApiVersionCheck',
      '--disableTelemetry',
      ...(location ? ['--location', location] : ['--inMemoryPersistence']),
      '--silent',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
    ],
    // In-memory Azurite refuses --location; run it in a temp folder so nothing lands in the repo.
    { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const pid = child.pid;
  const stop = async (): Promise<void> => {
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const done = exited(child);
      process.kill(pid, 'SIGCONT'); // a frozen process cannot handle SIGTERM
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    }
    await fs.rm(workspace, { recursive: true, force: true });
  };
  if (pid === undefined) throw new Error(`could not start ${AZURITE_BLOB}`);
  try {
    await waitForPort(port, child, () => output, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    port,
    pid,
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`,
    stop,
    freeze: () => process.kill(pid, 'SIGSTOP'),
    thaw: () => process.kill(pid, 'SIGCONT'),
  };
}
