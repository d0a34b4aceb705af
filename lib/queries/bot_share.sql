-- Bot share: how much of the traffic is bots (declared or behavioural), per site and day.
SELECT site, dt,
       SUM(hits) AS hits,
       SUM(bot_hits) AS bot_hits,
       ROUND(100.0 * SUM(bot_hits) / SUM(hits), 1) AS bot_share_pct
FROM traffic_daily
GROUP BY site, dt
ORDER BY site, dt
