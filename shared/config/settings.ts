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
const asBool = (raw: string, name: string): boolean => {
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
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
  functionKey: setting({
    name: 'PULSELAKE_FUNCTION_KEY',
    description: 'Local host only: when set, requests without a matching `x-functions-key` header get 401.',
    sample: '',
    usedBy: 'local host (pulselake serve)',
    parse: asString,
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
