-- sessions: one row per session (see page_views). Its channel, source, medium and campaign are those
-- of its first page view; `seconds` is the whole seconds from its first to its last page view.
SELECT
  dt, site, visitor_id, session_number,
  count(*) AS page_views,
  max(CASE WHEN position = 1 THEN channel END) AS channel,
  max(CASE WHEN position = 1 THEN source END) AS source,
  max(CASE WHEN position = 1 THEN medium END) AS medium,
  max(CASE WHEN position = 1 THEN campaign END) AS campaign,
  CAST(floor(date_diff('millisecond', min(ts), max(ts)) / 1000.0) AS BIGINT) AS seconds
FROM page_views
WHERE session_number IS NOT NULL
GROUP BY dt, site, visitor_id, session_number
