"""Indicators read from report text: quantities with units, KPIs, disclosure signals."""
