-- hits: every request of the days being computed, once, with the day's bot verdict.
--
-- Events are deduplicated by event_id (a line delivered or ingested twice counts once). A visitor is
-- a behaviour bot for the whole day when it fetched /robots.txt, or made more than
-- {{bot_page_views_per_minute}} page views in one calendar UTC minute, or more than
-- {{bot_page_views_per_day}} in the day; all of its hits of that day are then bot hits named
-- `(behaviour)`. A declared bot (its user agent says so) keeps the name the bot library matched, or
-- `(unnamed)`. A page view is a hit the events already mark as one (GET, 2xx or 304, not a static
-- asset, not a declared bot) whose visitor is not a behaviour bot.
WITH numbered AS (
  SELECT
    dt, site, event_id, salt_id, ts, visitor_id, path, status, bytes,
    channel, source, medium, campaign, browser, os, device, is_bot, bot_name, is_page_view,
    row_number() OVER (
      PARTITION BY dt, event_id
      ORDER BY ts, salt_id, visitor_id, path, status, bytes
    ) AS copy
  FROM events
  WHERE dt IN ({{days}})
),
deduplicated AS (
  SELECT * FROM numbered WHERE copy = 1
),
robots_fetchers AS (
  SELECT DISTINCT dt, site, visitor_id
  FROM deduplicated
  WHERE visitor_id IS NOT NULL AND lower(path) = '/robots.txt'
),
busy_minutes AS (
  SELECT DISTINCT dt, site, visitor_id
  FROM deduplicated
  WHERE visitor_id IS NOT NULL AND is_page_view
  GROUP BY dt, site, visitor_id, date_trunc('minute', ts)
  HAVING count(*) > {{bot_page_views_per_minute}}
),
busy_days AS (
  SELECT dt, site, visitor_id
  FROM deduplicated
  WHERE visitor_id IS NOT NULL AND is_page_view
  GROUP BY dt, site, visitor_id
  HAVING count(*) > {{bot_page_views_per_day}}
),
behaviour_bots AS (
  SELECT dt, site, visitor_id FROM robots_fetchers
  UNION
  SELECT dt, site, visitor_id FROM busy_minutes
  UNION
  SELECT dt, site, visitor_id FROM busy_days
)
SELECT
  d.dt, d.site, d.event_id, d.salt_id, d.ts, d.visitor_id, d.path, d.status, d.bytes,
  d.channel, d.source, d.medium, d.campaign, d.browser, d.os, d.device,
  d.is_bot OR b.visitor_id IS NOT NULL AS bot,
  d.is_page_view AND b.visitor_id IS NULL AS page_view,
  CASE
    WHEN d.is_bot THEN coalesce(d.bot_name, '(unnamed)')
    WHEN b.visitor_id IS NOT NULL THEN '(behaviour)'
  END AS bot_name
FROM deduplicated d
LEFT JOIN behaviour_bots b
  ON b.dt = d.dt AND b.site = d.site AND b.visitor_id = d.visitor_id
