-- Gold workout_bpm_summary (contract §4): one row per completed workout with at least one workout_bpm row.
-- age: the age bin at the UTC date of start_time (same rule as silver/age.py); gender, city, state: the
-- current profile; all four NULL when the user has no profile. Extra columns: start_time, end_time (epoch
-- seconds) and workout_date. avg_bpm is averaged in DECIMAL so it does not depend on summation order.

CREATE TABLE IF NOT EXISTS ${gold}.workout_bpm_summary (
  workout_id INT,
  session_id INT,
  user_id BIGINT,
  age STRING,
  gender STRING,
  city STRING,
  state STRING,
  min_bpm DOUBLE,
  avg_bpm DOUBLE,
  max_bpm DOUBLE,
  num_recordings BIGINT,
  start_time DOUBLE,
  end_time DOUBLE,
  workout_date DATE
) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = true);

MERGE INTO ${gold}.workout_bpm_summary AS t
USING (
  WITH readings AS (
    SELECT
      user_id,
      workout_id,
      session_id,
      min(heartrate) AS min_bpm,
      CAST(avg(CAST(heartrate AS DECIMAL(38, 18))) AS DOUBLE) AS avg_bpm,
      max(heartrate) AS max_bpm,
      count(*) AS num_recordings
    FROM ${silver}.workout_bpm
    GROUP BY user_id, workout_id, session_id
  ),
  workouts AS (
    SELECT
      r.*,
      w.start_time,
      w.end_time,
      date_from_unix_date(CAST(floor(w.start_time / 86400) AS INT)) AS workout_date
    FROM readings AS r
    JOIN ${silver}.completed_workouts AS w
      ON w.user_id = r.user_id AND w.workout_id = r.workout_id AND w.session_id = r.session_id
  ),
  with_profile AS (
    SELECT
      w.*,
      p.user_id IS NOT NULL AS has_profile,
      p.gender,
      p.city,
      p.state,
      -- whole years; comparing (month, day) makes a 29 February birthday count from 1 March in other years
      year(w.workout_date) - year(p.dob) - CASE
        WHEN month(w.workout_date) < month(p.dob)
          OR (month(w.workout_date) = month(p.dob) AND day(w.workout_date) < day(p.dob)) THEN 1
        ELSE 0
      END AS age_years
    FROM workouts AS w
    LEFT JOIN ${silver}.user_profile AS p ON p.user_id = w.user_id
  )
  SELECT
    workout_id,
    session_id,
    user_id,
    CASE
      WHEN NOT has_profile THEN NULL
      WHEN age_years IS NULL OR age_years < 0 THEN 'invalid age'
      WHEN age_years < 18 THEN 'under 18'
      WHEN age_years < 25 THEN '18-25'
      WHEN age_years < 35 THEN '25-35'
      WHEN age_years < 45 THEN '35-45'
      WHEN age_years < 55 THEN '45-55'
      WHEN age_years < 65 THEN '55-65'
      WHEN age_years < 75 THEN '65-75'
      WHEN age_years < 85 THEN '75-85'
      WHEN age_years < 95 THEN '85-95'
      ELSE '95+'
    END AS age,
    gender,
    city,
    state,
    min_bpm,
    avg_bpm,
    max_bpm,
    num_recordings,
    start_time,
    end_time,
    workout_date
  FROM with_profile
) AS s
ON t.user_id = s.user_id AND t.workout_id = s.workout_id AND t.session_id = s.session_id
WHEN MATCHED AND NOT (
  t.age <=> s.age AND t.gender <=> s.gender AND t.city <=> s.city AND t.state <=> s.state
  AND t.min_bpm <=> s.min_bpm AND t.avg_bpm <=> s.avg_bpm AND t.max_bpm <=> s.max_bpm
  AND t.num_recordings <=> s.num_recordings AND t.start_time <=> s.start_time AND t.end_time <=> s.end_time
  AND t.workout_date <=> s.workout_date
) THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *
WHEN NOT MATCHED BY SOURCE THEN DELETE;
