/**
 * Pure mappings from legacy source-system exports (docs/backfill.md) onto the contract's
 * feeds. They never throw and never drop a field: they fix the known export quirks (US dates,
 * integer zips, numbers as CSV text) and leave everything else for the validator to judge,
 * so an unexpected value is quarantined with a reason instead of being silently "repaired".
 */
import type { FeedName } from '../feeds/registry.js';

/**
 * A source row mapped onto a feed, or the reason it could not be (the row is then quarantined);
 * `raw` is the row as read, which is what quarantine keeps.
 */
export type MappedRecord =
  { feed: FeedName; record: unknown; raw: unknown } | { feed: FeedName; error: string; raw: unknown };

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `MM/dd/yyyy` -> `YYYY-MM-DD`; anything else is returned unchanged (the schema decides). */
export function isoDateFromUs(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = US_DATE.exec(value.trim());
  if (!match) return value;
  const [, month = '', day = '', year = ''] = match;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** Legacy exports store zips as integers, which loses leading zeros: 1234 -> "01234". */
export function zipFromLegacy(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 99_999) {
    return String(value).padStart(5, '0');
  }
  return value;
}

/**
 * A CSV cell as a JSON number when it is numeric text (`"1678451168.0"` -> 1678451168), as
 * undefined when empty (an absent optional field), otherwise the text itself so validation
 * reports it with the field name.
 */
export function numberFromCsv(cell: string | undefined): unknown {
  if (cell === undefined) return undefined;
  const text = cell.trim();
  if (text === '') return undefined;
  return NUMERIC_TEXT.test(text) ? Number(text) : text;
}

function textFromCsv(cell: string | undefined): string | undefined {
  if (cell === undefined) return undefined;
  const text = cell.trim();
  return text === '' ? undefined : text;
}

/** Builds a record from named cells, leaving out absent values (so "required" errors name them). */
function compact(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) if (value !== undefined) out[key] = value;
  return out;
}

/** `1-registered_users_*.csv` row -> `registration`. */
export function mapRegistrationRow(row: Readonly<Record<string, string>>): Record<string, unknown> {
  return compact([
    ['user_id', numberFromCsv(row['user_id'])],
    ['device_id', numberFromCsv(row['device_id'])],
    ['mac_address', textFromCsv(row['mac_address'])],
    ['registration_timestamp', numberFromCsv(row['registration_timestamp'])],
  ]);
}

/** `5-gym_logins_*.csv` row -> `gym_visit` (an empty logout is an open visit). */
export function mapGymLoginRow(row: Readonly<Record<string, string>>): Record<string, unknown> {
  return compact([
    ['mac_address', textFromCsv(row['mac_address'])],
    ['gym', numberFromCsv(row['gym'])],
    ['login', numberFromCsv(row['login'])],
    ['logout', numberFromCsv(row['logout'])],
  ]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `user_info` payload -> `profile`: ISO `dob`, zero-padded `zip`; every other field kept as is. */
export function mapUserInfo(value: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { ...value };
  if ('dob' in record) record['dob'] = isoDateFromUs(record['dob']);
  const address = record['address'];
  if (isPlainObject(address) && 'zip' in address) {
    record['address'] = { ...address, zip: zipFromLegacy(address['zip']) };
  }
  return record;
}

const identity = (value: Record<string, unknown>): Record<string, unknown> => value;

/** Kafka topics of the legacy exports and the feed each one becomes. */
export const ENVELOPE_TOPICS: Readonly<
  Record<string, { feed: FeedName; map: (value: Record<string, unknown>) => Record<string, unknown> }>
> = {
  user_info: { feed: 'profile', map: mapUserInfo },
  bpm: { feed: 'bpm', map: identity },
  workout: { feed: 'workout', map: identity },
};

export function isKnownTopic(topic: unknown): topic is string {
  return typeof topic === 'string' && Object.hasOwn(ENVELOPE_TOPICS, topic);
}

/**
 * One Kafka-envelope line (`{"key","value","topic","partition","offset","timestamp"}`, the
 * payload being the JSON text in `value`) -> its feed record. `fallbackFeed` is where a line
 * that names no known topic is quarantined (the feed of the file it came from).
 */
export function mapEnvelopeLine(line: string, fallbackFeed: FeedName): MappedRecord {
  let envelope: unknown;
  try {
    envelope = JSON.parse(line);
  } catch (error) {
    return { feed: fallbackFeed, error: `(line): not valid JSON: ${(error as Error).message}`, raw: line };
  }
  if (!isPlainObject(envelope)) {
    return { feed: fallbackFeed, error: '(line): must be a JSON object (Kafka envelope)', raw: envelope };
  }
  const topic = envelope['topic'];
  if (!isKnownTopic(topic)) {
    const known = Object.keys(ENVELOPE_TOPICS).join(', ');
    return { feed: fallbackFeed, error: `topic: ${JSON.stringify(topic)} is not one of ${known}`, raw: envelope };
  }
  const { feed, map } = ENVELOPE_TOPICS[topic] as (typeof ENVELOPE_TOPICS)[string];
  let payload = envelope['value'];
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload);
    } catch (error) {
      return { feed, error: `value: not valid JSON: ${(error as Error).message}`, raw: envelope };
    }
  }
  if (!isPlainObject(payload)) {
    return { feed, error: 'value: must be a JSON object (or the JSON text of one)', raw: envelope };
  }
  return { feed, record: map(payload), raw: envelope };
}

/** A CSV export with a header row, recognised by its column names (any order, any case). */
export interface CsvFormat {
  readonly name: string;
  readonly feed: FeedName;
  readonly columns: readonly string[];
  readonly optional: readonly string[];
  readonly map: (row: Readonly<Record<string, string>>) => Record<string, unknown>;
}

export const CSV_FORMATS: readonly CsvFormat[] = [
  {
    name: 'registered_users',
    feed: 'registration',
    columns: ['user_id', 'device_id', 'mac_address', 'registration_timestamp'],
    optional: [],
    map: mapRegistrationRow,
  },
  {
    name: 'gym_logins',
    feed: 'gym_visit',
    columns: ['mac_address', 'gym', 'login', 'logout'],
    optional: ['logout'],
    map: mapGymLoginRow,
  },
];

/** Normalised header cell: trimmed, lower case. */
export function headerName(cell: string): string {
  return cell.trim().toLowerCase();
}

/** The format whose columns the header has: every required one, no unknown one, no duplicate. */
export function csvFormatForHeader(header: readonly string[]): CsvFormat | undefined {
  const names = header.map(headerName);
  if (new Set(names).size !== names.length) return undefined;
  return CSV_FORMATS.find(
    (format) =>
      names.every((name) => format.columns.includes(name)) &&
      format.columns.every((column) => names.includes(column) || format.optional.includes(column)),
  );
}
