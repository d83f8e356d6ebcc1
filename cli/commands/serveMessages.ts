/** What `pulselake serve`'s main thread and its host worker (serveHost.ts) tell each other. */
import type { LocalRoute } from '../../shared/localhost/LocalHost.js';

export interface ServeHostData {
  port: number;
  host: string;
}

/** The host listens. */
export interface HostReady {
  type: 'ready';
  url: string;
  routes: LocalRoute[];
  notServed: string[];
  partitions: number;
}

/** Starting or stopping failed; enough of the error for the CLI's one-line messages (busy port, setting). */
export interface HostFailure {
  type: 'failed';
  message: string;
  stack?: string;
  code?: string;
  port?: number;
  /** Set when the error was a ConfigError: its setting and reason. */
  setting?: string;
  reason?: string;
}

export type FromHost = HostReady | HostFailure | { type: 'stopped' };
export type ToHost = { type: 'stop' };
