/**
 * Turns the simulated world into feed records, each stamped with the moment its producer
 * would send it: registrations and profile events, kiosk logins (at entry) and the same
 * record with the logout (at exit), workout start/stop, 1 Hz BPM during workouts and sparse
 * resting readings the rest of the time.
 */
import type { FeedRecordMap } from '../feeds/generated/types.js';
import type { FeedName } from '../feeds/registry.js';
import { deviceAt, type Activity } from './activity.js';
import { restingHeartrate } from './heartRate.js';
import type { SimUser, SimulationOptions } from './model.js';
import type { Random } from './random.js';

/** A record of some feed and when it is sent (epoch seconds). */
export type TimedRecord = { [F in FeedName]: { feed: F; record: FeedRecordMap[F]; at: number } }[FeedName];

export function buildRecords(
  options: SimulationOptions,
  users: readonly SimUser[],
  activity: Activity,
  rng: Random,
): TimedRecord[] {
  const out: TimedRecord[] = [];
  for (const user of users) {
    for (const d of user.devices) {
      out.push({
        feed: 'registration',
        at: d.registeredAt,
        record: {
          user_id: user.user_id,
          device_id: d.device_id,
          mac_address: d.mac_address,
          registration_timestamp: d.registeredAt,
        },
      });
    }
    for (const p of user.profileEvents) out.push({ feed: 'profile', at: p.timestamp, record: p });
  }
  for (const v of activity.visits) {
    const login = { mac_address: v.mac_address, gym: v.gym, login: v.login };
    out.push({ feed: 'gym_visit', at: v.login, record: login });
    if (v.logout !== null) out.push({ feed: 'gym_visit', at: v.logout, record: { ...login, logout: v.logout } });
  }
  for (const w of activity.workouts) {
    const id = { user_id: w.user_id, workout_id: w.workout_id, session_id: w.session_id };
    out.push({ feed: 'workout', at: w.start, record: { ...id, action: 'start', timestamp: w.start } });
    if (w.stop !== null)
      out.push({ feed: 'workout', at: w.stop, record: { ...id, action: 'stop', timestamp: w.stop } });
    w.heartrates.forEach((heartrate, i) => {
      const time = w.start + i;
      out.push({ feed: 'bpm', at: time, record: { device_id: w.device_id, time, heartrate } });
    });
  }
  out.push(...restingReadings(options, users, activity, rng));
  return out;
}

/** Sparse readings outside workouts (every 10 to 20 minutes), from the device in effect at the time. */
function restingReadings(
  options: SimulationOptions,
  users: readonly SimUser[],
  activity: Activity,
  rng: Random,
): TimedRecord[] {
  const busy = new Map<number, [number, number][]>();
  for (const w of activity.workouts) {
    const spans = busy.get(w.user_id) ?? [];
    spans.push([w.start - 120, w.start + w.heartrates.length + 120]);
    busy.set(w.user_id, spans);
  }
  const end = options.start + options.days * 86_400;
  const out: TimedRecord[] = [];
  users.forEach((user, u) => {
    const userRng = rng.fork(u + 1);
    const spans = busy.get(user.user_id) ?? [];
    const from = Math.max(options.start, Math.min(...user.devices.map((d) => d.registeredAt)));
    for (let time = from + userRng.int(0, 600); time < end; time += userRng.int(10, 20) * 60) {
      if (spans.some(([a, b]) => time >= a && time <= b)) continue;
      const device = deviceAt(user, time);
      out.push({
        feed: 'bpm',
        at: time,
        record: { device_id: device.device_id, time, heartrate: restingHeartrate(userRng, user, time) },
      });
    }
  });
  return out;
}
