-- page_views: every page view (see hits), with its place in its visitor's session.
--
-- A session is one visitor's page views of one UTC day in time order (ties broken by event_id); a
-- gap of more than {{session_gap_ms}} ms (exactly that much does not) starts a new one, and a day
-- is computed alone, so sessions never cross midnight. Page views without a visitor id (opted out)
-- belong to no session: their session columns are null. The page views are read once (the windows
-- run over the opted-out ones too, as if they were one visitor, and are then set aside).
WITH viewed AS (
  SELECT
    h.*,
    lag(ts) OVER (PARTITION BY dt, site, visitor_id ORDER BY ts, event_id) AS previous_ts
  FROM hits h
  WHERE page_view
),
started AS (
  SELECT
    v.*,
    CASE
      WHEN previous_ts IS NULL OR date_diff('millisecond', previous_ts, ts) > {{session_gap_ms}} THEN 1
      ELSE 0
    END AS starts_session
  FROM viewed v
),
sessioned AS (
  SELECT
    s.*,
    sum(starts_session) OVER (
      PARTITION BY dt, site, visitor_id
      ORDER BY ts, event_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS numbered_session
  FROM started s
),
placed AS (
  SELECT
    s.*,
    row_number() OVER (PARTITION BY dt, site, visitor_id, numbered_session ORDER BY ts, event_id) AS place,
    count(*) OVER (PARTITION BY dt, site, visitor_id, numbered_session) AS views_in_session,
    lead(path) OVER (PARTITION BY dt, site, visitor_id, numbered_session ORDER BY ts, event_id) AS following_path
  FROM sessioned s
)
SELECT
  dt, site, event_id, ts, visitor_id, path, channel, source, medium, campaign, browser, os, device,
  country,
  CASE WHEN visitor_id IS NOT NULL THEN numbered_session END AS session_number,
  CASE WHEN visitor_id IS NOT NULL THEN place END AS position,
  CASE WHEN visitor_id IS NOT NULL THEN views_in_session END AS session_page_views,
  CASE WHEN visitor_id IS NOT NULL THEN following_path END AS next_path
FROM placed
