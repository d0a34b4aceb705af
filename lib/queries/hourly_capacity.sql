-- Hourly capacity: hits, megabytes, the busiest minute and server errors per UTC hour of the day.
SELECT site, hour,
       SUM(hits) AS hits,
       ROUND(SUM(bytes) / 1000000.0, 1) AS megabytes,
       MAX(peak_rpm) AS peak_rpm,
       SUM(errors_5xx) AS errors_5xx
FROM traffic_hourly
GROUP BY site, hour
ORDER BY site, hour
