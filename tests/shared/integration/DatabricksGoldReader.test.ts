import { describe, expect, it } from 'vitest';
import { goldQueries, normalizeRow } from '../../../shared/integration/DatabricksGoldReader.js';
import { GYM_COLUMNS } from '../../../shared/simulator/compareGold.js';

describe('DatabricksGoldReader', () => {
  it('reads the contract columns of both gold tables of the catalog', () => {
    const sql = goldQueries('pulselake_dev');
    expect(sql.gymSummary).toBe(
      'SELECT `date`, `gym`, `mac_address`, `workout_id`, `session_id`, `minutes_in_gym`, `minutes_exercising` FROM `pulselake_dev`.gold.gym_summary',
    );
    expect(sql.workoutBpmSummary).toMatch(/^SELECT `workout_id`, .* FROM `pulselake_dev`\.gold\.workout_bpm_summary$/);
  });

  it('turns driver values into export values: DATE as YYYY-MM-DD, BIGINT as number, missing as null', () => {
    const row = normalizeRow(
      { date: new Date(Date.UTC(2023, 2, 11)), gym: 1n, mac_address: 'ae:ec', minutes_in_gym: 45 },
      GYM_COLUMNS,
    );
    expect(row).toEqual({
      date: '2023-03-11',
      gym: 1,
      mac_address: 'ae:ec',
      workout_id: null,
      session_id: null,
      minutes_in_gym: 45,
      minutes_exercising: null,
    });
  });
});
