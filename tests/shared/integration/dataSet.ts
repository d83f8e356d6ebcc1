/** A small data set in the legacy export formats (CSV + Kafka-envelope JSON lines), written to a temp folder. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const envelope = (topic: string, value: Record<string, unknown>): string =>
  JSON.stringify({
    key: String(value['user_id'] ?? value['device_id']),
    value: JSON.stringify(value),
    topic,
    partition: 0,
    offset: 1,
    timestamp: 1,
  });

export async function writeDataSet(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-integration-'));
  await writeFile(
    path.join(dir, '1-registered_users_1.csv'),
    'user_id,device_id,mac_address,registration_timestamp\n' +
      '12474,118440,4c:c5:9f:cb:13:bd,1678451168\n' +
      'not-a-user,118441,4c:c5:9f:cb:13:be,1678451169\n', // rejected by the schema
  );
  await writeFile(
    path.join(dir, '4-workout_1.json'),
    [
      envelope('workout', { user_id: 12474, workout_id: 1, timestamp: 1678521900.0, action: 'start', session_id: 1 }),
      envelope('workout', { user_id: 12474, workout_id: 1, timestamp: 1678525500.0, action: 'stop', session_id: 1 }),
    ].join('\n') + '\n',
  );
  const readings = Array.from({ length: 12 }, (_, i) =>
    envelope('bpm', { device_id: 118440, time: 1678521960 + i * 60, heartrate: 60 + i }),
  );
  await writeFile(path.join(dir, '3-bpm_1.json'), readings.join('\n') + '\n');
  return dir;
}
