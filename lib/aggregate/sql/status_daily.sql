-- status_daily: requests per HTTP status code, bots included.
SELECT dt, site, CAST(status AS INTEGER) AS status, count(*) AS hits
FROM hits
GROUP BY dt, site, status
