-- funnels_daily: sessions (see session_hits) that went through a funnel's steps in order, per step.
-- A session reaches step 1 with its first hit that matches it, and step n with its first hit after
-- the one that reached step n - 1 that matches step n: taking
-- the earliest hit at every step never misses a later one. A step in brackets may be skipped:
-- the step after it then counts after the step before
-- it, and the skippable step itself counts when it comes after the step before it. A hit never
-- counts for two steps; a step reached before the step before it (out of order) does not count; a
-- reload counts once. sessions: the sessions that reached the step; visitors: their distinct
-- visitors. Hits without a visitor id (opted out) and bots' hits belong to no session. k-anonymity:
-- a step reached by fewer than {{k}} visitors is left out (nothing of a funnel is folded: its steps
-- are not parts of a whole), so a funnel's rows end where fewer than k visitors went on. One window
-- per step, at most 8 steps; the hits are read once.
WITH ordered AS (
  SELECT
    s.dt, s.site, s.visitor_id, s.session_number, s.method, s.path, s.query, s.status, s.bot,
    s.page_view, f.funnel, f.funnel_number,
    row_number() OVER (
      PARTITION BY s.dt, s.site, s.visitor_id, s.session_number, f.funnel ORDER BY s.ts, s.event_id
    ) AS seq
  FROM session_hits s
  CROSS JOIN (VALUES {{funnels}}) AS f (funnel, funnel_number)
  WHERE s.session_number IS NOT NULL
),
step_1 AS (
  SELECT
    o.*,
    min(CASE WHEN {{funnel_step_1}} THEN seq END) OVER (
      PARTITION BY dt, site, visitor_id, session_number, funnel
    ) AS reach_1
  FROM ordered o
),
step_2 AS (
  SELECT
    s.*,
    reach_1 AS after_1,
    min(CASE WHEN {{funnel_step_2}} AND seq > reach_1 THEN seq END) OVER (
      PARTITION BY dt, site, visitor_id, session_number, funnel
    ) AS reach_2
  FROM step_1 s
),
step_3 AS (
  SELECT
    s.*,
    min(CASE WHEN {{funnel_step_3}} AND seq > after_2 THEN seq END) OVER (
      PARTITION BY dt, site, visitor_id, session_number, funnel
    ) AS reach_3
  FROM (
    SELECT p.*, CASE WHEN {{funnel_optional_2}} THEN after_1 ELSE reach_2 END AS after_2
    FROM step_2 p
  ) s
),
step_4 AS (
  SELECT
    s.*,
    min(CASE WHEN {{funnel_step_4}} AND seq > after_3 THEN seq END) OVER (
      PARTITION BY dt, site, visitor_id, session_number, funnel
    ) AS reach_4
  FROM (
    SELECT p.*, CASE WHEN {{funnel_optional_3}} THEN after_2 ELSE reach_3 END AS after_3
    FROM step_3 p
  ) s
),
step_5 AS (
  SELECT
    s.*,
    min(CASE WHEN {{funnel_step_5}} AND seq > after_4 THEN seq END) OVER (
      PARTITION BY dt, site, visitor_id, session_number, funnel
    ) AS reach_5
  FROM (
    SELECT p.*, CASE WHEN {{funnel_optional_4}} THEN after_3 ELSE reach_4 END AS after_4
    FROM step_4 p
  ) s
),
step_6 AS (
  SELECT
    s.*,
    min(CASE WHEN {{funnel_step_6}} AND seq > after_5 THEN seq END) OVER (
      PARTITION BY dt, site, visitor_id, session_number, funnel
    ) AS reach_6
  FROM (
    SELECT p.*, CASE WHEN {{funnel_optional_5}} THEN after_4 ELSE reach_5 END AS after_5
    FROM step_5 p
  ) s
),
step_7 AS (
  SELECT
    s.*,
    min(CASE WHEN {{funnel_step_7}} AND seq > after_6 THEN seq END) OVER (
      PARTITION BY dt, site, visitor_id, session_number, funnel
    ) AS reach_7
  FROM (
    SELECT p.*, CASE WHEN {{funnel_optional_6}} THEN after_5 ELSE reach_6 END AS after_6
    FROM step_6 p
  ) s
),
step_8 AS (
  SELECT
    s.*,
    min(CASE WHEN {{funnel_step_8}} AND seq > after_7 THEN seq END) OVER (
      PARTITION BY dt, site, visitor_id, session_number, funnel
    ) AS reach_8
  FROM (
    SELECT p.*, CASE WHEN {{funnel_optional_7}} THEN after_6 ELSE reach_7 END AS after_7
    FROM step_7 p
  ) s
),
per_session AS (
  SELECT
    dt, site, visitor_id, session_number, funnel,
    max(reach_1) AS reach_1,
    max(reach_2) AS reach_2,
    max(reach_3) AS reach_3,
    max(reach_4) AS reach_4,
    max(reach_5) AS reach_5,
    max(reach_6) AS reach_6,
    max(reach_7) AS reach_7,
    max(reach_8) AS reach_8
  FROM step_8
  GROUP BY dt, site, visitor_id, session_number, funnel
)
SELECT
  p.dt, p.site, st.funnel, st.step_number, st.step,
  count(*) AS sessions,
  count(DISTINCT p.visitor_id) AS visitors
FROM per_session p
JOIN (VALUES {{funnel_steps}}) AS st (funnel, step_number, step) ON st.funnel = p.funnel
WHERE CASE st.step_number
    WHEN 1 THEN p.reach_1
    WHEN 2 THEN p.reach_2
    WHEN 3 THEN p.reach_3
    WHEN 4 THEN p.reach_4
    WHEN 5 THEN p.reach_5
    WHEN 6 THEN p.reach_6
    WHEN 7 THEN p.reach_7
    WHEN 8 THEN p.reach_8
  END IS NOT NULL
GROUP BY p.dt, p.site, st.funnel, st.step_number, st.step
HAVING count(DISTINCT p.visitor_id) >= {{k}}
