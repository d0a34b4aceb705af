-- session_hits: the hits sessions are made of, each with its place in its visitor's session: every
-- page view (see hits), and the other hits a goal or funnel step with a method or a status can match
-- (a visitor's hits that are not a bot's, e.g. a form post).
--
-- A session is one visitor's page views of one UTC day in time order (ties broken by event_id); a
-- gap of more than {{session_gap_ms}} ms (exactly that much does not) starts a new one, and a day
-- is computed alone, so sessions never cross midnight. Any other hit belongs to the session of the
-- visitor's latest page view before it when it comes at most {{session_gap_ms}} ms after it, and to
-- no session otherwise. Page views without a visitor id (opted out) belong to no session: their
-- session columns are null. position, session_page_views and next_path count page views only. The
-- hits are read once (the windows run over the opted-out page views too, as if they were one
-- visitor, and are then set aside).
WITH kept AS (
  SELECT
    h.*,
    max(CASE WHEN page_view THEN ts END) OVER (
      PARTITION BY dt, site, visitor_id
      ORDER BY ts, event_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS previous_ts
  FROM hits h
  WHERE page_view OR (visitor_id IS NOT NULL AND {{goal_hits}})
),
started AS (
  SELECT
    k.*,
    CASE
      WHEN page_view AND (previous_ts IS NULL OR date_diff('millisecond', previous_ts, ts) > {{session_gap_ms}})
        THEN 1
      ELSE 0
    END AS starts_session,
    page_view OR (previous_ts IS NOT NULL AND date_diff('millisecond', previous_ts, ts) <= {{session_gap_ms}})
      AS in_session
  FROM kept k
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
    row_number() OVER (
      PARTITION BY dt, site, visitor_id, numbered_session, page_view ORDER BY ts, event_id
    ) AS place,
    count(*) OVER (PARTITION BY dt, site, visitor_id, numbered_session, page_view) AS views_in_session,
    lead(path) OVER (
      PARTITION BY dt, site, visitor_id, numbered_session, page_view ORDER BY ts, event_id
    ) AS following_path
  FROM sessioned s
)
SELECT
  dt, site, event_id, ts, visitor_id, method, path, query, status, bot, page_view,
  channel, source, medium, campaign, browser, os, device, country,
  CASE WHEN visitor_id IS NOT NULL AND in_session THEN numbered_session END AS session_number,
  CASE WHEN visitor_id IS NOT NULL AND page_view THEN place END AS position,
  CASE WHEN visitor_id IS NOT NULL AND page_view THEN views_in_session END AS session_page_views,
  CASE WHEN visitor_id IS NOT NULL AND page_view THEN following_path END AS next_path
FROM placed
