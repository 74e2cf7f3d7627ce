"""Aggregate reports (Mẫu 7.1-7.11 of TT 07/2021, forms as data in forms/) and the dashboard.

definitions.py reads the forms and the schedule; measures.py and queries.py count in SQL from the
recognised statuses; tables.py turns counts into a table with its totals row; output.py renders it
as PDF and .xlsx; dashboard.py draws from the same queries.
"""
