/**
 * The simulated people: age, address, devices (a few replace theirs during the simulation),
 * profile CDC events (new, a few updates and deletes), home gym and heart-rate physiology.
 */
import type { ProfileRecord } from '../feeds/generated/types.js';
import { CITIES, FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES } from './places.js';
import { Random } from './random.js';
import type { SimDevice, SimUser, SimulationOptions } from './model.js';

const DAY = 86_400;

/** Share of users per age band [min, max) in whole years: most wearers are 18 to 65. */
const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[13, 18], 4],
  [[18, 25], 14],
  [[25, 35], 24],
  [[35, 45], 21],
  [[45, 55], 16],
  [[55, 65], 11],
  [[65, 75], 6],
  [[75, 85], 3],
  [[85, 96], 1],
];

export const POPULATION_RATES = {
  /** Users who never send a profile. */
  noProfile: 0.01,
  /** Profiles with an unknown date of birth (age bin "invalid age"). */
  nullDob: 0.01,
  /** Users who change their profile (a full replacement) during the simulation. */
  update: 0.12,
  /** Users who delete their profile during the simulation. */
  delete: 0.02,
  /** Users who replace their device during the simulation. */
  deviceReplacement: 0.04,
  /** Users who sign up during the simulation (rather than before it). */
  newSignup: 0.03,
  /** Users with a home gym (the others train outdoors only). */
  gymMember: 0.6,
  /** Devices whose app sends the MAC address in upper case. */
  upperCaseMac: 0.1,
};

export function buildPopulation(options: SimulationOptions, rng: Random): SimUser[] {
  const ids = new UniqueIds(rng);
  const users: SimUser[] = [];
  for (let i = 0; i < options.users; i++) {
    users.push(buildUser(options, rng.fork(i + 1), ids, i));
  }
  return users;
}

/** Hands out user ids, device ids and MAC addresses without collisions. */
class UniqueIds {
  private readonly macs = new Set<string>();
  private nextDeviceId: number;

  constructor(private readonly rng: Random) {
    this.nextDeviceId = 100_000 + rng.int(0, 50_000);
  }

  userId(index: number): number {
    // Sparse, stable ids: the i-th user always gets an id in its own slot of 7.
    return 10_000 + index * 7 + this.rng.int(0, 6);
  }

  deviceId(): number {
    this.nextDeviceId += this.rng.int(1, 97);
    return this.nextDeviceId;
  }

  mac(rng: Random): string {
    for (;;) {
      const bytes = Array.from({ length: 6 }, () => rng.int(0, 255));
      bytes[0] = ((bytes[0] as number) & 0xfe) | 0x02; // locally administered unicast, like real wearables
      const mac = bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
      if (!this.macs.has(mac)) {
        this.macs.add(mac);
        return mac;
      }
    }
  }
}

function buildUser(options: SimulationOptions, rng: Random, ids: UniqueIds, index: number): SimUser {
  const end = options.start + options.days * DAY;
  const userId = ids.userId(index);
  const signsUpDuringSimulation = rng.chance(POPULATION_RATES.newSignup);
  const firstRegistration = signsUpDuringSimulation
    ? options.start + rng.int(0, Math.floor((end - options.start) / 2))
    : options.start - rng.int(DAY, 90 * DAY);

  const devices: SimDevice[] = [newDevice(rng, ids, firstRegistration)];
  if (rng.chance(POPULATION_RATES.deviceReplacement)) {
    devices.push(newDevice(rng, ids, rng.int(Math.max(firstRegistration, options.start) + 600, end - 600)));
  }

  const age = rng.int(...rng.weighted(AGE_BANDS));
  const fitness = rng.next();
  const restingBpm = clamp(rng.normal(70 - 10 * fitness, 6), 46, 95);
  return {
    user_id: userId,
    devices,
    profileEvents: buildProfileEvents(options, rng, userId, age, firstRegistration, end),
    age,
    restingBpm,
    maxBpm: 208 - 0.7 * age,
    homeGym: options.gyms > 0 && rng.chance(POPULATION_RATES.gymMember) ? rng.int(1, options.gyms) : null,
  };
}

function newDevice(rng: Random, ids: UniqueIds, registeredAt: number): SimDevice {
  const mac = ids.mac(rng);
  return {
    device_id: ids.deviceId(),
    mac_address: rng.chance(POPULATION_RATES.upperCaseMac) ? mac.toUpperCase() : mac,
    registeredAt,
  };
}

function buildProfileEvents(
  options: SimulationOptions,
  rng: Random,
  userId: number,
  age: number,
  registeredAt: number,
  end: number,
): ProfileRecord[] {
  if (rng.chance(POPULATION_RATES.noProfile)) return [];
  const sex = rng.chance(0.5) ? 'F' : 'M';
  const gender = rng.chance(0.02) ? 'X' : sex;
  const dob = rng.chance(POPULATION_RATES.nullDob) ? null : dateOfBirth(rng, options.start, age);
  const created = registeredAt + rng.int(5, 600);
  const events: ProfileRecord[] = [profile(rng, userId, 'new', created, dob, sex, gender)];
  let last = Math.max(created, options.start);
  if (rng.chance(POPULATION_RATES.update) && last < end - 120) {
    // Moves house: the update is a full replacement with the new address.
    last = rng.int(last + 60, end - 60);
    events.push(profile(rng, userId, 'update', last, dob, sex, gender));
  }
  if (rng.chance(POPULATION_RATES.delete) && last < end - 120) {
    events.push({ user_id: userId, update_type: 'delete', timestamp: rng.int(last + 60, end - 60) });
  }
  return events;
}

function profile(
  rng: Random,
  userId: number,
  updateType: 'new' | 'update',
  timestamp: number,
  dob: string | null,
  sex: string,
  gender: string,
): ProfileRecord {
  const city = rng.weighted(CITIES.map((c) => [c, c.weight] as const));
  const zip = `${city.zipPrefix}${String(rng.int(1, 99)).padStart(2, '0')}${rng.chance(0.1) ? `-${rng.int(1000, 9999)}` : ''}`;
  const firstNames = FIRST_NAMES[sex === 'F' ? 'F' : 'M'];
  return {
    user_id: userId,
    update_type: updateType,
    timestamp,
    dob,
    sex,
    gender,
    first_name: rng.pick(firstNames),
    last_name: rng.pick(LAST_NAMES),
    address: {
      street_address: rng.chance(0.02)
        ? null
        : `${rng.int(1, 99999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`,
      city: city.city,
      state: city.state,
      zip: rng.chance(0.01) ? null : zip,
    },
  };
}

/** A birth date that makes the person `age` years old on the day `at` (epoch seconds). */
function dateOfBirth(rng: Random, at: number, age: number): string {
  const today = new Date(at * 1000);
  // The last birthday was 0..364 days ago.
  const lastBirthday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  lastBirthday.setUTCDate(lastBirthday.getUTCDate() - rng.int(0, 364));
  const born = new Date(
    Date.UTC(lastBirthday.getUTCFullYear() - age, lastBirthday.getUTCMonth(), lastBirthday.getUTCDate()),
  );
  return born.toISOString().slice(0, 10);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
