-- Campaigns: sessions, page views and bounce rate per utm_campaign, with its source and medium.
SELECT site, campaign, source, medium,
       SUM(sessions) AS sessions,
       SUM(page_views) AS page_views,
       ROUND(100.0 * SUM(bounces) / SUM(sessions), 1) AS bounce_rate_pct
FROM sources_daily
WHERE campaign NOT IN ('(none)', '(other)')
GROUP BY site, campaign, source, medium
ORDER BY sessions DESC, site, campaign, source, medium
LIMIT 50
