/**
 * Starts the Azure Monitor OpenTelemetry distro when APPLICATIONINSIGHTS_CONNECTION_STRING is
 * set, authenticated with the managed identity when APPLICATIONINSIGHTS_AUTHENTICATION_STRING asks. functions/index.ts awaits it before building the services, whose meter and logger must
 * come from the providers it registers. Without the setting the distro is not even loaded (a
 * faster cold start), the OpenTelemetry API stays a no-op, and the readable log lines still go
 * to the invocation log.
 */
import { ManagedIdentityCredential } from '@azure/identity';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { readSetting } from '../config/settings.js';

type Start = (options: AzureMonitorOpenTelemetryOptions) => void;

const loadDistro = async (): Promise<Start> => (await import('@azure/monitor-opentelemetry')).useAzureMonitor;

/** Returns whether telemetry export was started. */
export async function startAzureMonitor(
  env: NodeJS.ProcessEnv = process.env,
  load: () => Promise<Start> = loadDistro,
): Promise<boolean> {
  const connectionString = readSetting('appInsightsConnectionString', env);
  if (!connectionString) return false;
  // With local auth disabled on Application Insights, the export authenticates with the app's
  // managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING, as the Functions host does).
  const aad = readSetting('appInsightsAuthentication', env);
  const credential = aad ? new ManagedIdentityCredential(aad.clientId ? { clientId: aad.clientId } : {}) : undefined;
  const start = await load();
  start({ azureMonitorExporterOptions: { connectionString, ...(credential ? { credential } : {}) } });
  return true;
}
