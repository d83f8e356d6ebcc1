/**
 * Entry point of the Function App (package.json `main`): performs every registration listed
 * in the manifest, then creates the services so that a missing or malformed setting stops
 * start-up with a message naming it.
 */
import { app } from '../shared/functions/azure.js';
import { registerAll } from '../shared/functions/manifest.js';
import { initFunctionServices } from '../shared/functions/runtime.js';

registerAll(app);
initFunctionServices();
