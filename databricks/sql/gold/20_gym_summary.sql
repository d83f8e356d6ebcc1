-- Gold gym_summary (contract §4): one row per completed gym visit (non-null logout) and workout of the
-- visit's user that overlaps the visit for a positive time; a visit without one gives a single row with NULL
-- workout_id and session_id and minutes_exercising 0.
-- The visit's user comes from the registrations of its MAC: among those at or before login whose user still
-- has that MAC in effect at login (the user's registration in effect then, from the interval columns of
-- silver user_devices, is one of them), the latest one's user, the lowest user_id on a tie; if there is none,
-- the user of the MAC's earliest registration after login (one that arrived late). A watch handed from user
-- A to user B is A's before B registers it and B's afterwards. A MAC with no user: a visit without workouts.
-- Minutes are computed from exact seconds in DECIMAL and rounded half-up once, to 2 decimals.
-- Extra columns: user_id, login, logout, start_time, end_time (epoch seconds).

CREATE TABLE IF NOT EXISTS ${gold}.gym_summary (
  `date` DATE,
  gym INT,
  mac_address STRING,
  workout_id INT,
  session_id INT,
  minutes_in_gym DOUBLE,
  minutes_exercising DOUBLE,
  user_id BIGINT,
  login DOUBLE,
  logout DOUBLE,
  start_time DOUBLE,
  end_time DOUBLE
) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = true);

MERGE INTO ${gold}.gym_summary AS t
USING (
  WITH visits AS (
    SELECT mac_address, gym, login, logout
    FROM ${silver}.gym_logs
    WHERE logout IS NOT NULL
  ),
  candidates AS (
    -- A registration of the MAC at or before login counts only while it is its user's registration in effect
    -- (effective_to is when that user registered again); every registration after login is a fallback.
    SELECT
      v.mac_address,
      v.gym,
      v.login,
      d.user_id,
      row_number() OVER (
        PARTITION BY v.mac_address, v.gym, v.login
        ORDER BY
          CASE WHEN d.registration_timestamp <= v.login THEN 0 ELSE 1 END,
          CASE WHEN d.registration_timestamp <= v.login THEN -d.registration_timestamp ELSE d.registration_timestamp END,
          d.user_id
      ) AS preference
    FROM visits AS v
    JOIN ${silver}.user_devices AS d
      ON d.mac_address = v.mac_address
      AND (d.registration_timestamp > v.login OR d.effective_to IS NULL OR v.login < d.effective_to)
  ),
  visit_workouts AS (
    SELECT
      v.mac_address,
      v.gym,
      v.login,
      v.logout,
      c.user_id,
      w.workout_id,
      w.session_id,
      w.start_time,
      w.end_time
    FROM visits AS v
    LEFT JOIN candidates AS c
      ON c.preference = 1 AND c.mac_address = v.mac_address AND c.gym = v.gym AND c.login = v.login
    LEFT JOIN ${silver}.completed_workouts AS w
      ON w.user_id = c.user_id AND least(w.end_time, v.logout) > greatest(w.start_time, v.login)
  )
  SELECT
    date_from_unix_date(CAST(floor(login / 86400) AS INT)) AS `date`,
    gym,
    mac_address,
    workout_id,
    session_id,
    CAST(round((CAST(logout AS DECIMAL(24, 12)) - CAST(login AS DECIMAL(24, 12))) / 60, 2) AS DOUBLE)
      AS minutes_in_gym,
    CASE
      WHEN workout_id IS NULL THEN CAST(0 AS DOUBLE)
      ELSE CAST(round(
        (CAST(least(end_time, logout) AS DECIMAL(24, 12)) - CAST(greatest(start_time, login) AS DECIMAL(24, 12))) / 60,
        2
      ) AS DOUBLE)
    END AS minutes_exercising,
    user_id,
    login,
    logout,
    start_time,
    end_time
  FROM visit_workouts
) AS s
ON t.mac_address = s.mac_address AND t.gym = s.gym AND t.login = s.login
  AND t.workout_id <=> s.workout_id AND t.session_id <=> s.session_id
WHEN MATCHED AND NOT (
  t.`date` <=> s.`date` AND t.minutes_in_gym <=> s.minutes_in_gym
  AND t.minutes_exercising <=> s.minutes_exercising AND t.user_id <=> s.user_id AND t.logout <=> s.logout
  AND t.start_time <=> s.start_time AND t.end_time <=> s.end_time
) THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *
WHEN NOT MATCHED BY SOURCE THEN DELETE;
