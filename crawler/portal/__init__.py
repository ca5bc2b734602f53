"""Page objects of government portals: what a list page, an article or a download response
says, as plain functions of (URL, text) — no crawling here, so each is tested alone."""
