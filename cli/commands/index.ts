/** Every CLI verb, one module each. Add a verb by adding its module here. */
import type { Command } from 'commander';
import { registerIngest } from './ingest.js';
import { registerServe } from './serve.js';
import { registerRun } from './run.js';
import { registerExport } from './export.js';
import { registerStatus } from './status.js';
import { registerRefreshGold } from './refreshGold.js';
import { registerSimulate } from './simulate.js';
import { registerReport } from './report.js';
import { registerDemo } from './demo.js';
import { registerPlatform } from './platform.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerIngest,
  registerServe,
  registerRun,
  registerExport,
  registerStatus,
  registerSimulate,
  registerReport,
  registerDemo,
  registerRefreshGold,
  registerPlatform,
];
