/**
 * Entry point of the Function App (package.json `main`). Starts Azure Monitor telemetry (when
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set), builds the services once from app settings —
 * a missing or malformed setting throws a ConfigError naming it, and the worker does not
 * start — then registers every function of `functionsFor(services)`, the list the local host
 * (`pulselake serve`) serves too.
 */
import { app } from '../shared/functions/azure.js';
import { functionsFor } from '../shared/functions/functionsFor.js';
import { functionServicesFromSettings } from '../shared/functions/services.js';
import { startAzureMonitor } from '../shared/telemetry/azureMonitor.js';

await startAzureMonitor();
const services = functionServicesFromSettings();

for (const fn of functionsFor(services)) {
  switch (fn.kind) {
    case 'http':
      app.http(fn.name, fn.options);
      break;
    case 'eventHub':
      app.eventHub(fn.name, fn.options);
      break;
    case 'timer':
      app.timer(fn.name, fn.options);
      break;
  }
}
