/**
 * An independent check of the data contract's rules (/work/shared/spec/semantics.md §1 plus the
 * limits of issue 11), written by hand from the text, not from the JSON Schemas, and sharing
 * nothing with the ajv validator: the fuzz tests check every landed record against it.
 */
import type { FeedName } from '../../shared/feeds/registry.js';

const EPOCH_MIN = 946684800;
const EPOCH_MAX = 4102444800; // exclusive
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/; // landed MACs are lower case
const INT32_MAX = 2147483647;

type Check = (record: Record<string, unknown>) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const positiveId = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;
const int32 = (v: unknown, min: number): boolean =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= INT32_MAX;
const epoch = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= EPOCH_MIN && v < EPOCH_MAX;

/** Free text: at most `max` UTF-16 units, no C0 control character or DEL, no lone surrogate. */
function freeText(v: unknown, max: number): boolean {
  if (v === null) return true;
  if (typeof v !== 'string' || v.length > max) return false;
  for (let i = 0; i < v.length; i += 1) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = v.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

function isoDate(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function onlyKeys(record: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(record).filter((k) => !allowed.includes(k));
  return extra.length > 0 ? `unknown fields ${extra.join(',')}` : undefined;
}

const CHECKS: Record<FeedName, Check> = {
  registration: (r) =>
    onlyKeys(r, ['user_id', 'device_id', 'mac_address', 'registration_timestamp']) ??
    (!positiveId(r['user_id']) ? 'user_id' : undefined) ??
    (!positiveId(r['device_id']) ? 'device_id' : undefined) ??
    (typeof r['mac_address'] !== 'string' || !MAC.test(r['mac_address']) ? 'mac_address' : undefined) ??
    (!epoch(r['registration_timestamp']) ? 'registration_timestamp' : undefined),
  profile: (r) => {
    const fields = ['dob', 'sex', 'gender', 'first_name', 'last_name', 'address'];
    const unknown = onlyKeys(r, ['user_id', 'update_type', 'timestamp', ...fields]);
    if (unknown) return unknown;
    if (!positiveId(r['user_id'])) return 'user_id';
    if (!['new', 'update', 'delete'].includes(r['update_type'] as string)) return 'update_type';
    if (!epoch(r['timestamp'])) return 'timestamp';
    const full = r['update_type'] !== 'delete';
    if (full && fields.some((f) => !(f in r))) return 'a new/update profile needs every field';
    if ('dob' in r && !isoDate(r['dob'])) return 'dob';
    for (const [f, max] of [
      ['sex', 32],
      ['gender', 32],
      ['first_name', 100],
      ['last_name', 100],
    ] as const) {
      if (f in r && !freeText(r[f], max)) return f;
    }
    if ('address' in r) {
      const a = r['address'];
      if (!isObject(a)) return 'address';
      const keys = ['street_address', 'city', 'state', 'zip'];
      if (onlyKeys(a, keys) || keys.some((k) => !(k in a))) return 'address fields';
      if (!freeText(a['street_address'], 200) || !freeText(a['city'], 100) || !freeText(a['state'], 64))
        return 'address text';
      if (a['zip'] !== null && (typeof a['zip'] !== 'string' || !/^\d{5}(-\d{4})?$/.test(a['zip']))) return 'zip';
    }
    return undefined;
  },
  bpm: (r) =>
    onlyKeys(r, ['device_id', 'time', 'heartrate']) ??
    (!positiveId(r['device_id']) ? 'device_id' : undefined) ??
    (!epoch(r['time']) ? 'time' : undefined) ??
    (!('heartrate' in r) ||
    !(r['heartrate'] === null || (typeof r['heartrate'] === 'number' && Number.isFinite(r['heartrate'])))
      ? 'heartrate'
      : undefined),
  workout: (r) =>
    onlyKeys(r, ['user_id', 'workout_id', 'session_id', 'action', 'timestamp']) ??
    (!positiveId(r['user_id']) ? 'user_id' : undefined) ??
    (!int32(r['workout_id'], 0) ? 'workout_id' : undefined) ??
    (!int32(r['session_id'], 0) ? 'session_id' : undefined) ??
    (!['start', 'stop'].includes(r['action'] as string) ? 'action' : undefined) ??
    (!epoch(r['timestamp']) ? 'timestamp' : undefined),
  gym_visit: (r) =>
    onlyKeys(r, ['mac_address', 'gym', 'login', 'logout']) ??
    (typeof r['mac_address'] !== 'string' || !MAC.test(r['mac_address']) ? 'mac_address' : undefined) ??
    (!int32(r['gym'], 1) ? 'gym' : undefined) ??
    (!epoch(r['login']) ? 'login' : undefined) ??
    ('logout' in r && !(epoch(r['logout']) && (r['logout'] as number) >= (r['login'] as number))
      ? 'logout'
      : undefined),
};

/** Why a landed record breaks the contract, or undefined when it keeps it. */
export function contractViolation(feed: FeedName, record: unknown): string | undefined {
  if (!isObject(record)) return 'not an object';
  return CHECKS[feed](record);
}
