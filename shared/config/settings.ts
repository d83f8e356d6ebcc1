/**
 * Every setting PulseLake reads, in one registry: name, default, meaning and parser.
 * `local.settings.sample.json`, the README's settings table and start-up checks derive
 * from it (a test keeps the sample and the README in step). A missing or malformed
 * setting stops start-up with a message naming it.
 */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`setting ${setting}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export interface SettingSpec<T> {
  readonly name: string;
  readonly description: string;
  /** Default when unset; `undefined` means optional with no default. */
  readonly defaultValue?: string;
  /** Value shown in local.settings.sample.json. */
  readonly sample: string;
  /** Which parts of the product read it (for the docs). */
  readonly usedBy: string;
  readonly parse: (raw: string, name: string) => T;
}

const asString = (raw: string): string => raw;
const asEnum =
  <E extends string>(...values: E[]) =>
  (raw: string, name: string): E => {
    if (!(values as string[]).includes(raw))
      throw new ConfigError(name, `must be one of ${values.join('|')}, got "${raw}"`);
    return raw as E;
  };
const asUrl = (raw: string, name: string): string => {
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
};
const asPositiveInt = (raw: string, name: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(name, `must be a positive integer, got "${raw}"`);
  return n;
};
const asPositiveNumber = (raw: string, name: string): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(name, `must be a positive number, got "${raw}"`);
  return n;
};
const asBool = (raw: string, name: string): boolean => {
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
};

/** `Authorization=AAD`, optionally with `ClientId=<id>` (a user-assigned managed identity). */
const asAadAuthentication = (raw: string, name: string): { clientId?: string } => {
  const parts = new Map(
    raw
      .split(';')
      .filter((part) => part.trim() !== '')
      .map((part) => {
        const [key = '', ...value] = part.split('=');
        return [key.trim().toLowerCase(), value.join('=').trim()] as const;
      }),
  );
  if (
    parts.get('authorization')?.toUpperCase() !== 'AAD' ||
    [...parts.keys()].some((k) => k !== 'authorization' && k !== 'clientid')
  )
    throw new ConfigError(name, `must be "Authorization=AAD" or "ClientId=<id>;Authorization=AAD", got "${raw}"`);
  const clientId = parts.get('clientid');
  return clientId ? { clientId } : {};
};

function setting<T>(spec: SettingSpec<T>): SettingSpec<T> {
  return spec;
}

export const SETTINGS = {
  home: setting({
    name: 'PULSELAKE_HOME',
    description: 'Local lake folder: landing/, warehouse/, checkpoints/, report/.',
    defaultValue: './.lake',
    sample: './.lake',
    usedBy: 'CLI, local host, Spark runner',
    parse: asString,
  }),
  storage: setting({
    name: 'PULSELAKE_STORAGE',
    description: 'Landing store: `fs` (local folder under $PULSELAKE_HOME/landing) or `blob` (ADLS Gen2 / Azurite).',
    defaultValue: 'fs',
    sample: 'fs',
    usedBy: 'Functions, local host, ingest',
    parse: asEnum('fs', 'blob'),
  }),
  storageConnectionString: setting({
    name: 'AZURE_STORAGE_CONNECTION_STRING',
    description: 'Blob connection string (Azurite or development); takes precedence over the account URL.',
    sample: 'UseDevelopmentStorage=true',
    usedBy: 'blob landing store',
    parse: asString,
  }),
  storageAccountUrl: setting({
    name: 'PULSELAKE_STORAGE_ACCOUNT_URL',
    description: 'ADLS Gen2 / Blob account URL, used with DefaultAzureCredential (managed identity in Azure).',
    sample: 'https://<account>.blob.core.windows.net',
    usedBy: 'blob landing store',
    parse: asUrl,
  }),
  landingContainer: setting({
    name: 'PULSELAKE_LANDING_CONTAINER',
    description: 'Blob container of the landing zone (quarantine/ lives inside it).',
    defaultValue: 'landing',
    sample: 'landing',
    usedBy: 'blob landing store',
    parse: asString,
  }),
  landingGzip: setting({
    name: 'PULSELAKE_LANDING_GZIP',
    description: 'Write landing files as gzip NDJSON (`.ndjson.gz`).',
    defaultValue: 'false',
    sample: 'false',
    usedBy: 'landing writer',
    parse: asBool,
  }),
  storageTryTimeoutMs: setting({
    name: 'PULSELAKE_STORAGE_TRY_TIMEOUT_MS',
    description: 'Blob store: longest wait for one storage call (one try); a hung store fails the try.',
    defaultValue: '3000',
    sample: '3000',
    usedBy: 'blob landing store',
    parse: asPositiveInt,
  }),
  storageDeadlineMs: setting({
    name: 'PULSELAKE_STORAGE_DEADLINE_MS',
    description:
      'Overall deadline of the storage writes of one request or Event Hubs invocation (each store call is bounded by it too); past it the request gets 503 + Retry-After and the invocation fails.',
    defaultValue: '8000',
    sample: '8000',
    usedBy: 'blob landing store',
    parse: asPositiveInt,
  }),
  serveRequestTimeoutSeconds: setting({
    name: 'PULSELAKE_SERVE_REQUEST_TIMEOUT_SECONDS',
    description:
      'Local host: time a client has to send the headers and the whole body of a request (Node headersTimeout/requestTimeout).',
    defaultValue: '30',
    sample: '30',
    usedBy: 'local host (pulselake serve)',
    parse: asPositiveInt,
  }),
  serveMaxConnections: setting({
    name: 'PULSELAKE_SERVE_MAX_CONNECTIONS',
    description: 'Local host: open connections at most; further connections are refused.',
    defaultValue: '256',
    sample: '256',
    usedBy: 'local host (pulselake serve)',
    parse: asPositiveInt,
  }),
  functionKey: setting({
    name: 'PULSELAKE_FUNCTION_KEY',
    description: 'Local host only: when set, requests without a matching `x-functions-key` header get 401.',
    sample: '',
    usedBy: 'local host (pulselake serve)',
    parse: asString,
  }),
  maxWorkoutHours: setting({
    name: 'PULSELAKE_MAX_WORKOUT_HOURS',
    description:
      'Longest workout (stop - start) that counts as completed (contract §3). On Databricks: the bundle variable `max_workout_hours` (deploy with `BUNDLE_VAR_max_workout_hours=$PULSELAKE_MAX_WORKOUT_HOURS`), passed to the silver task.',
    defaultValue: '3',
    sample: '3',
    usedBy: 'lakehouse steps (pulselake run), pipeline job',
    parse: asPositiveNumber,
  }),
  maxBodyBytes: setting({
    name: 'PULSELAKE_MAX_BODY_BYTES',
    description: 'Largest HTTP body accepted (413 above, before parsing).',
    defaultValue: String(4 * 1024 * 1024),
    sample: String(4 * 1024 * 1024),
    usedBy: 'HTTP functions',
    parse: asPositiveInt,
  }),
  eventHubConnection: setting({
    name: 'PULSELAKE_EVENTHUB_CONNECTION',
    description:
      'Event Hubs namespace connection string (BPM gateway producer and the BPM trigger); takes precedence over the namespace.',
    sample: 'Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<name>;SharedAccessKey=<key>',
    usedBy: 'BPM gateway (producer), BPM Event Hubs trigger',
    parse: asString,
  }),
  eventHubNamespace: setting({
    name: 'PULSELAKE_EVENTHUB_CONNECTION__fullyQualifiedNamespace',
    description:
      'Event Hubs namespace host for Entra ID auth (DefaultAzureCredential / managed identity); the `__fullyQualifiedNamespace` suffix is the Functions identity-connection convention, so the trigger reads it too.',
    sample: '<namespace>.servicebus.windows.net',
    usedBy: 'BPM gateway (producer), BPM Event Hubs trigger',
    parse: asString,
  }),
  eventHubName: setting({
    name: 'PULSELAKE_EVENTHUB_NAME',
    description: 'Event hub that carries BPM readings.',
    defaultValue: 'bpm',
    sample: 'bpm',
    usedBy: 'BPM gateway (producer), BPM Event Hubs trigger',
    parse: asString,
  }),
  eventHubConsumerGroup: setting({
    name: 'PULSELAKE_EVENTHUB_CONSUMER_GROUP',
    description:
      'Consumer group the BPM Event Hubs trigger reads; infra/ creates a dedicated one (`pulselake-function`) so no other reader competes with the trigger on `$Default`.',
    defaultValue: '$Default',
    sample: '$Default',
    usedBy: 'BPM Event Hubs trigger',
    parse: asString,
  }),
  functionsUrl: setting({
    name: 'PULSELAKE_FUNCTIONS_URL',
    description: 'Base URL of the deployed Function App that `simulate --target azure` posts records to.',
    sample: 'https://<function-app>.azurewebsites.net',
    usedBy: 'simulator (--target azure)',
    parse: asUrl,
  }),
  functionsClientKey: setting({
    name: 'PULSELAKE_FUNCTIONS_CLIENT_KEY',
    description: 'Function (or host) key that `simulate --target azure` sends as `x-functions-key`.',
    sample: '',
    usedBy: 'simulator (--target azure)',
    parse: asString,
  }),
  databricksHost: setting({
    name: 'DATABRICKS_HOST',
    description:
      'Azure Databricks workspace host (`adb-<id>.<n>.azuredatabricks.net`) of the SQL warehouse that refreshes gold.',
    sample: '',
    usedBy: 'gold refresh timer',
    parse: asString,
  }),
  databricksHttpPath: setting({
    name: 'DATABRICKS_HTTP_PATH',
    description: 'HTTP path of the Databricks SQL warehouse that refreshes gold (`/sql/1.0/warehouses/<id>`).',
    sample: '',
    usedBy: 'gold refresh timer',
    parse: asString,
  }),
  databricksToken: setting({
    name: 'DATABRICKS_TOKEN',
    description:
      'Development only: a Databricks personal access token. When unset (always, in Azure), Microsoft Entra ID is used (managed identity via DefaultAzureCredential).',
    sample: '',
    usedBy: 'gold refresh timer',
    parse: asString,
  }),
  databricksCatalog: setting({
    name: 'PULSELAKE_DATABRICKS_CATALOG',
    description: 'Unity Catalog catalog holding the silver and gold schemas (`${silver}` becomes `<catalog>.silver`).',
    defaultValue: 'pulselake',
    sample: 'pulselake',
    usedBy: 'gold refresh timer',
    parse: asString,
  }),
  goldRefreshSchedule: setting({
    name: 'PULSELAKE_GOLD_REFRESH_SCHEDULE',
    description:
      'NCRONTAB schedule of the gold refresh timer (`{second} {minute} {hour} {day} {month} {day-of-week}`).',
    defaultValue: '0 */15 * * * *',
    sample: '0 */15 * * * *',
    usedBy: 'gold refresh timer',
    parse: asString,
  }),
  sqlStatementTimeoutSeconds: setting({
    name: 'PULSELAKE_SQL_STATEMENT_TIMEOUT_SECONDS',
    description: 'A gold statement still running after this many seconds is cancelled and the refresh fails.',
    defaultValue: '600',
    sample: '600',
    usedBy: 'gold refresh timer',
    parse: asPositiveInt,
  }),
  sqlMaxAttempts: setting({
    name: 'PULSELAKE_SQL_MAX_ATTEMPTS',
    description: 'Attempts per gold statement on transient failures (429/503, warehouse starting, session expired).',
    defaultValue: '6',
    sample: '6',
    usedBy: 'gold refresh timer',
    parse: asPositiveInt,
  }),
  sqlRetryBaseMs: setting({
    name: 'PULSELAKE_SQL_RETRY_BASE_MS',
    description: 'First retry delay cap of a gold statement in ms; doubles per attempt (full jitter) up to 60 s.',
    defaultValue: '2000',
    sample: '2000',
    usedBy: 'gold refresh timer',
    parse: asPositiveInt,
  }),
  appInsightsConnectionString: setting({
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING',
    description:
      'Application Insights connection string: when set, the Function App exports its structured logs and per-feed metrics through `@azure/monitor-opentelemetry`.',
    sample: '',
    usedBy: 'Functions (telemetry)',
    parse: asString,
  }),
  appInsightsAuthentication: setting({
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
    description:
      'Entra ID authentication of the telemetry export, `Authorization=AAD` or `ClientId=<managed identity client id>;Authorization=AAD` (the Functions convention; needed when the Application Insights resource has local auth disabled).',
    sample: '',
    usedBy: 'Functions (telemetry)',
    parse: asAadAuthentication,
  }),
} satisfies Record<string, SettingSpec<unknown>>;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<K extends SettingKey> = ReturnType<(typeof SETTINGS)[K]['parse']>;

/** Reads one setting: its parsed value, its default, or undefined when optional and unset. */
export function readSetting<K extends SettingKey>(
  key: K,
  env: NodeJS.ProcessEnv = process.env,
): ValueOf<K> | undefined {
  const spec = SETTINGS[key] as SettingSpec<ValueOf<K>>;
  const raw = env[spec.name];
  const value = raw === undefined || raw === '' ? spec.defaultValue : raw;
  return value === undefined ? undefined : spec.parse(value, spec.name);
}

/** Like readSetting, but a missing value is a ConfigError naming the setting. */
export function requireSetting<K extends SettingKey>(
  key: K,
  env: NodeJS.ProcessEnv = process.env,
  why = 'is required',
): ValueOf<K> {
  const value = readSetting(key, env);
  if (value === undefined) throw new ConfigError(SETTINGS[key].name, why);
  return value;
}
