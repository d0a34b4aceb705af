-- Conversions by channel: per day, goal and channel, conversions and the rate against the channel's sessions.
-- Conversions: sessions that reached the goal, with their visitors and page views; the rate is against the
-- channel's sessions in sources_daily.
-- `(other)` rows of goals_daily (sources seen by fewer than k visitors) keep their channel, so a goal's
-- conversions by channel add up to its total. visitors: summed over the channel's sources, so a
-- visitor who came by two sources of one channel on a day counts twice. No goal configured: no rows.
WITH conversions AS (
  SELECT site, dt, goal, channel,
         SUM(conversions) AS conversions,
         SUM(visitors) AS visitors,
         SUM(page_views) AS page_views
  FROM goals_daily
  GROUP BY site, dt, goal, channel
),
channel_sessions AS (
  SELECT site, dt, channel, SUM(sessions) AS sessions
  FROM sources_daily
  GROUP BY site, dt, channel
)
SELECT c.site, c.dt, c.goal, c.channel,
       c.conversions, c.visitors, c.page_views,
       s.sessions AS channel_sessions,
       ROUND(100.0 * c.conversions / NULLIF(s.sessions, 0), 1) AS conversion_rate_pct
FROM conversions c
LEFT JOIN channel_sessions s ON s.site = c.site AND s.dt = c.dt AND s.channel = c.channel
ORDER BY c.site, c.dt, c.goal, c.conversions DESC, c.channel
