-- Gold user_segments, the analysts' view over silver user_bins (contract §3): how many users with a profile
-- fall in each age bin (as of today), gender and state. A view, not a table: it reads user_bins when queried,
-- so it is never stale and there is nothing to MERGE. Columns: age, gender, state, users.

CREATE OR REPLACE VIEW ${gold}.user_segments AS
SELECT age, gender, state, count(*) AS users
FROM ${silver}.user_bins
GROUP BY age, gender, state;
