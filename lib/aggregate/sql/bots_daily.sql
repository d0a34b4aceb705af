-- bots_daily: bot requests and their response bytes per bot name: what the bot library matched in
-- a declared bot's user agent, `(unnamed)` when it matched nothing nameable, `(behaviour)` for
-- visitors that behaved like bots that day (see hits).
SELECT dt, site, bot_name, count(*) AS hits, CAST(sum(bytes) AS BIGINT) AS bytes
FROM hits
WHERE bot
GROUP BY dt, site, bot_name
