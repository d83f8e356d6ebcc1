/** The local Functions host (`pulselake serve`) and its in-process Event Hub, for the CLI, tests and the demo. */
export { startLocalHost, consoleLog, type LocalHost, type LocalHostOptions, type LocalRoute } from './LocalHost.js';
export {
  InProcessEventHub,
  partitionForKey,
  type InProcessEventHubOptions,
  type LocalLog,
  type PartitionState,
} from './InProcessEventHub.js';
