"""Plotly figures built by pure functions from selectors' data, each with a text alternative.

Builders take plain data (dicts and lists from the selectors) and return a `Chart`; templates render
it with `{% include "partials/chart.html" %}`, and static/js/charts.js draws it with our own plotly.js.
"""
from portal.charts.base import Chart, chart

__all__ = ["Chart", "chart"]
