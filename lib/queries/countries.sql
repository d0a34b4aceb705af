-- Countries: page views, visitor-days, sessions and bounce rate per country of the client address.
-- `(unknown)`: an address the country database does not place; `(other)`: countries seen by fewer
-- than k visitors on a day. Browsers on hosting networks are bots (bots_daily), not counted here.
SELECT site, country,
       SUM(page_views) AS page_views,
       SUM(visitors) AS visitor_days,
       SUM(sessions) AS sessions,
       SUM(bounces) AS bounces,
       ROUND(100.0 * SUM(bounces) / NULLIF(SUM(sessions), 0), 1) AS bounce_rate_pct
FROM countries_daily
GROUP BY site, country
ORDER BY page_views DESC, site, country
