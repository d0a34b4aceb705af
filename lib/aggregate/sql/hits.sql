-- hits: every request of the days being computed, once, with the day's bot verdict.
--
-- Events are deduplicated by event_id (a line delivered or ingested twice counts once). A visitor is
-- a behaviour bot for the whole day when it fetched /robots.txt, or made more than
-- {{bot_page_views_per_minute}} page views in one calendar UTC minute, or more than
-- {{bot_page_views_per_day}} in the day; all of its hits of that day are then bot hits named
-- `(behaviour)`. A declared bot (its user agent says so) keeps the name the bot library matched, or
-- `(unnamed)`. When hosting bots are on ({{hosting_bots}}), any other hit from a hosting network's
-- address (events.hosting_network) is a bot hit named `(hosting network)`. A page view is a hit the
-- events already mark as one (GET, 2xx or 304, not a static asset, not a declared bot) that is
-- neither a hosting-network hit nor a behaviour bot's. Events written before the country column
-- existed count as `(unknown)` and no hosting network. The events are read once: the per-visitor
-- verdicts are window functions, not joins (Athena would read the events again for each).
WITH numbered AS (
  SELECT
    dt, site, event_id, salt_id, ts, visitor_id, method, path, query, status, bytes,
    channel, source, medium, campaign, browser, os, device, is_bot, bot_name, is_page_view,
    coalesce(country, '(unknown)') AS country,
    {{hosting_bots}} AND coalesce(hosting_network, FALSE) AND NOT is_bot AS hosting_bot,
    row_number() OVER (
      PARTITION BY dt, event_id
      ORDER BY ts, salt_id, visitor_id, path, status, bytes
    ) AS copy
  FROM events
  WHERE dt IN ({{days}})
),
per_minute AS (
  SELECT
    n.*,
    count(CASE WHEN is_page_view THEN 1 END) OVER (
      PARTITION BY dt, site, visitor_id, date_trunc('minute', ts)
    ) AS minute_page_views
  FROM numbered n
  WHERE copy = 1
),
per_visitor AS (
  SELECT
    m.*,
    max(minute_page_views) OVER (PARTITION BY dt, site, visitor_id) AS busiest_minute,
    count(CASE WHEN is_page_view THEN 1 END) OVER (PARTITION BY dt, site, visitor_id) AS day_page_views,
    max(CASE WHEN lower(path) = '/robots.txt' THEN 1 ELSE 0 END) OVER (
      PARTITION BY dt, site, visitor_id
    ) AS fetched_robots
  FROM per_minute m
),
judged AS (
  SELECT
    v.*,
    visitor_id IS NOT NULL AND (
      fetched_robots = 1
      OR busiest_minute > {{bot_page_views_per_minute}}
      OR day_page_views > {{bot_page_views_per_day}}
    ) AS behaviour_bot
  FROM per_visitor v
)
SELECT
  dt, site, event_id, salt_id, ts, visitor_id, method, path, query, status, bytes,
  channel, source, medium, campaign, browser, os, device, country,
  is_bot OR hosting_bot OR behaviour_bot AS bot,
  is_page_view AND NOT hosting_bot AND NOT behaviour_bot AS page_view,
  CASE
    WHEN is_bot THEN coalesce(bot_name, '(unnamed)')
    WHEN hosting_bot THEN '(hosting network)'
    WHEN behaviour_bot THEN '(behaviour)'
  END AS bot_name
FROM judged
