-- sources_daily: sessions per traffic source, taken from each session's first page view: channel
-- (paid, email, search, social, campaign, referral, direct), source, medium and campaign; with the
-- sessions' page views, bounces and distinct visitors. k-anonymity: a source row with fewer than
-- {{k}} visitors is counted in its channel's `(other)` row (source, medium and campaign `(other)`,
-- channel kept), whose visitors are the distinct visitors of the rows folded into it.
WITH per_source AS (
  SELECT dt, site, channel, source, medium, campaign, count(DISTINCT visitor_id) AS visitors
  FROM sessions
  GROUP BY dt, site, channel, source, medium, campaign
),
labelled AS (
  SELECT
    s.dt, s.site, s.channel, s.visitor_id, s.page_views,
    p.visitors >= {{k}} AS published,
    s.source, s.medium, s.campaign
  FROM sessions s
  JOIN per_source p
    ON p.dt = s.dt AND p.site = s.site AND p.channel = s.channel
    AND p.source = s.source AND p.medium = s.medium AND p.campaign = s.campaign
)
SELECT
  dt, site, channel,
  CASE WHEN published THEN source ELSE '(other)' END AS source,
  CASE WHEN published THEN medium ELSE '(other)' END AS medium,
  CASE WHEN published THEN campaign ELSE '(other)' END AS campaign,
  count(*) AS sessions,
  count(DISTINCT visitor_id) AS visitors,
  CAST(sum(page_views) AS BIGINT) AS page_views,
  count(CASE WHEN page_views = 1 THEN 1 END) AS bounces
FROM labelled
GROUP BY
  dt, site, channel,
  CASE WHEN published THEN source ELSE '(other)' END,
  CASE WHEN published THEN medium ELSE '(other)' END,
  CASE WHEN published THEN campaign ELSE '(other)' END
