-- page_views: every page view (see hits), with its place in its visitor's session (see
-- session_hits): session_number, position, session_page_views and next_path, all null for page
-- views without a visitor id (opted out).
SELECT
  dt, site, event_id, ts, visitor_id, path, channel, source, medium, campaign, browser, os, device,
  country, session_number, position, session_page_views, next_path
FROM session_hits
WHERE page_view
