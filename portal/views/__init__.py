"""The site's pages, by who they are for: plain function views, each calling selectors and at most one service."""
