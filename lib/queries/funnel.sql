-- Funnel: sessions per funnel and step over the days, the share of step 1 and the drop-off from the step before.
-- A step in [brackets] may be skipped: sessions without it reach the next step, so the next step's
-- drop-off counts from the last step before it that may not be skipped (from_step), and the step
-- itself has none. A step reached by fewer than k visitors on a day has no row that day (k-anonymity):
-- a funnel's rows end where fewer than k visitors went on. visitor_days: daily visitors summed.
WITH steps AS (
  SELECT site, funnel, step_number,
         max_by(step, dt) AS step,
         SUM(sessions) AS sessions,
         SUM(visitors) AS visitor_days
  FROM funnels_daily
  GROUP BY site, funnel, step_number
),
bases AS (
  SELECT site, funnel, step_number, step, sessions, visitor_days,
         MAX(CASE WHEN step_number = 1 THEN sessions END) OVER (PARTITION BY site, funnel) AS first_sessions,
         MAX(CASE WHEN step NOT LIKE '[%' THEN step_number END) OVER (
           PARTITION BY site, funnel ORDER BY step_number ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
         ) AS previous_step
  FROM steps
)
SELECT b.site, b.funnel, b.step_number, b.step, b.sessions, b.visitor_days,
       ROUND(100.0 * b.sessions / NULLIF(b.first_sessions, 0), 1) AS share_of_first_pct,
       CASE WHEN b.step NOT LIKE '[%' THEN b.previous_step END AS from_step,
       CASE WHEN b.step NOT LIKE '[%' THEN p.sessions - b.sessions END AS dropped,
       CASE WHEN b.step NOT LIKE '[%' THEN
         ROUND(100.0 * (p.sessions - b.sessions) / NULLIF(p.sessions, 0), 1) END AS drop_off_pct
FROM bases b
LEFT JOIN steps p ON p.site = b.site AND p.funnel = b.funnel AND p.step_number = b.previous_step
ORDER BY b.site, b.funnel, b.step_number
