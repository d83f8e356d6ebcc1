// Integration test against a deployed environment (azure-pipelines.yml, stage IntegrationDev):
// sends a data set to the Function App, waits for gold on the SQL warehouse, compares it with the
// expected export. Options: shared/integration/main.ts; settings: README's settings table.
import { ensureBuilt } from './bootstrap.mjs';

try {
  ensureBuilt();
  const { integrationTestMain } = await import('../dist/shared/integration/main.js');
  process.exitCode = await integrationTestMain(process.argv.slice(2));
} catch (error) {
  console.error(`integration-test: ${error.message}`);
  process.exitCode = 1;
}
