-- Channels and sources: sessions, page views and bounce rate per channel, source and medium.
SELECT site, channel, source, medium,
       SUM(sessions) AS sessions,
       SUM(page_views) AS page_views,
       SUM(bounces) AS bounces,
       ROUND(100.0 * SUM(bounces) / SUM(sessions), 1) AS bounce_rate_pct
FROM sources_daily
GROUP BY site, channel, source, medium
ORDER BY sessions DESC, site, channel, source, medium
LIMIT 50
