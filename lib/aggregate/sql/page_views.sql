-- page_views: every page view (see hits), with its place in its visitor's session.
--
-- A session is one visitor's page views of one UTC day in time order (ties broken by event_id); a
-- gap of more than {{session_gap_ms}} ms (exactly that much does not) starts a new one, and a day
-- is computed alone, so sessions never cross midnight. Page views without a visitor id (opted out)
-- belong to no session: their session columns are null.
WITH counted AS (
  SELECT
    h.*,
    lag(ts) OVER (PARTITION BY dt, site, visitor_id ORDER BY ts, event_id) AS previous_ts
  FROM hits h
  WHERE page_view AND visitor_id IS NOT NULL
),
started AS (
  SELECT
    c.*,
    CASE
      WHEN previous_ts IS NULL OR date_diff('millisecond', previous_ts, ts) > {{session_gap_ms}} THEN 1
      ELSE 0
    END AS starts_session
  FROM counted c
),
sessioned AS (
  SELECT
    s.*,
    sum(starts_session) OVER (
      PARTITION BY dt, site, visitor_id
      ORDER BY ts, event_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS session_number
  FROM started s
)
SELECT
  dt, site, event_id, ts, visitor_id, path, channel, source, medium, campaign, browser, os, device,
  session_number,
  row_number() OVER (PARTITION BY dt, site, visitor_id, session_number ORDER BY ts, event_id) AS position,
  count(*) OVER (PARTITION BY dt, site, visitor_id, session_number) AS session_page_views,
  lead(path) OVER (PARTITION BY dt, site, visitor_id, session_number ORDER BY ts, event_id) AS next_path
FROM sessioned
UNION ALL
SELECT
  dt, site, event_id, ts, visitor_id, path, channel, source, medium, campaign, browser, os, device,
  NULL, NULL, NULL, NULL
FROM hits
WHERE page_view AND visitor_id IS NULL
