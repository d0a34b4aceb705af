-- traffic_hourly: capacity per UTC hour with any request. hits, bytes and errors_5xx (status
-- 500-599) count every request, bots included; page_views and visitors as in traffic_daily, within
-- the hour; peak_rpm is the most requests in one calendar UTC minute of the hour.
WITH per_minute AS (
  SELECT dt, site, hour(ts) AS hour, count(*) AS requests
  FROM hits
  GROUP BY dt, site, hour(ts), date_trunc('minute', ts)
),
peaks AS (
  SELECT dt, site, hour, max(requests) AS peak_rpm
  FROM per_minute
  GROUP BY dt, site, hour
)
SELECT
  h.dt, h.site,
  CAST(hour(h.ts) AS INTEGER) AS hour,
  count(*) AS hits,
  CAST(sum(h.bytes) AS BIGINT) AS bytes,
  count(CASE WHEN h.page_view THEN 1 END) AS page_views,
  count(DISTINCT CASE WHEN h.page_view THEN h.visitor_id END) AS visitors,
  CAST(max(p.peak_rpm) AS INTEGER) AS peak_rpm,
  count(CASE WHEN h.status BETWEEN 500 AND 599 THEN 1 END) AS errors_5xx
FROM hits h
JOIN peaks p ON p.dt = h.dt AND p.site = h.site AND p.hour = hour(h.ts)
GROUP BY h.dt, h.site, hour(h.ts)
