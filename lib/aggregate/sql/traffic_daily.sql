-- traffic_daily: the day of one site in one row. hits and bytes count every request, bots included;
-- bot_hits the requests of declared and behaviour bots; page_views the page views (opted-out ones
-- included, counted apart in opt_out_page_views); visitors the distinct visitor ids among page views;
-- sessions, bounces (one-page-view sessions) and session_seconds from the day's sessions;
-- salt_epochs the distinct day salts among the hits (above 1, visitors may be over-counted).
WITH totals AS (
  SELECT
    dt, site,
    count(*) AS hits,
    count(CASE WHEN bot THEN 1 END) AS bot_hits,
    CAST(sum(bytes) AS BIGINT) AS bytes,
    count(CASE WHEN page_view THEN 1 END) AS page_views,
    count(CASE WHEN page_view AND visitor_id IS NULL THEN 1 END) AS opt_out_page_views,
    count(DISTINCT CASE WHEN page_view THEN visitor_id END) AS visitors,
    count(DISTINCT salt_id) AS salt_epochs
  FROM hits
  GROUP BY dt, site
),
session_totals AS (
  SELECT
    dt, site,
    count(*) AS sessions,
    count(CASE WHEN page_views = 1 THEN 1 END) AS bounces,
    CAST(sum(seconds) AS BIGINT) AS session_seconds
  FROM sessions
  GROUP BY dt, site
)
SELECT
  t.dt, t.site, t.hits, t.bot_hits, t.bytes, t.page_views, t.opt_out_page_views, t.visitors,
  coalesce(s.sessions, 0) AS sessions,
  coalesce(s.bounces, 0) AS bounces,
  coalesce(s.session_seconds, 0) AS session_seconds,
  CAST(t.salt_epochs AS INTEGER) AS salt_epochs,
  {{computed_at}} AS computed_at
FROM totals t
LEFT JOIN session_totals s ON s.dt = t.dt AND s.site = t.site
