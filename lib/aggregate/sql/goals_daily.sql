-- goals_daily: conversions per goal and traffic source. A session (see session_hits) converts to a
-- goal when one of its hits matches the goal's pattern, once however often; its
-- channel, source, medium and campaign are those of its first page view, as in sources_daily.
-- conversions: the converting sessions; page_views: their page views; visitors: the distinct
-- visitors among them. Hits without a visitor id (opted out) and bots' hits belong to no session and
-- never convert. k-anonymity as in sources_daily: a row with fewer than {{k}} visitors is counted in
-- its goal and channel's `(other)` row (source, medium and campaign `(other)`, channel kept), whose
-- visitors are the distinct visitors of the rows folded into it; so a goal's conversions by channel
-- add up to its total. (Distinct visitors per row are counted with dense_rank: the hits are read
-- once.)
WITH session_goals AS (
  SELECT
    s.dt, s.site, s.visitor_id, s.session_number, g.goal,
    max(CASE WHEN {{goal_matched}} THEN 1 ELSE 0 END) AS converted,
    count(CASE WHEN s.page_view THEN 1 END) AS page_views,
    max(CASE WHEN s.position = 1 THEN s.channel END) AS channel,
    max(CASE WHEN s.position = 1 THEN s.source END) AS source,
    max(CASE WHEN s.position = 1 THEN s.medium END) AS medium,
    max(CASE WHEN s.position = 1 THEN s.campaign END) AS campaign
  FROM session_hits s
  CROSS JOIN (VALUES {{goals}}) AS g (goal, goal_number)
  WHERE s.session_number IS NOT NULL
  GROUP BY s.dt, s.site, s.visitor_id, s.session_number, g.goal
),
ranked AS (
  SELECT
    c.*,
    dense_rank() OVER (
      PARTITION BY dt, site, goal, channel, source, medium, campaign ORDER BY visitor_id
    ) AS visitor_rank
  FROM session_goals c
  WHERE converted = 1
),
labelled AS (
  SELECT
    dt, site, goal, channel, visitor_id, page_views,
    max(visitor_rank) OVER (PARTITION BY dt, site, goal, channel, source, medium, campaign) >= {{k}}
      AS published,
    source, medium, campaign
  FROM ranked
)
SELECT
  dt, site, goal, channel,
  CASE WHEN published THEN source ELSE '(other)' END AS source,
  CASE WHEN published THEN medium ELSE '(other)' END AS medium,
  CASE WHEN published THEN campaign ELSE '(other)' END AS campaign,
  count(*) AS conversions,
  count(DISTINCT visitor_id) AS visitors,
  CAST(sum(page_views) AS BIGINT) AS page_views
FROM labelled
GROUP BY
  dt, site, goal, channel,
  CASE WHEN published THEN source ELSE '(other)' END,
  CASE WHEN published THEN medium ELSE '(other)' END,
  CASE WHEN published THEN campaign ELSE '(other)' END
