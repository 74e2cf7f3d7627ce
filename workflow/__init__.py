"""The domain: review procedures, guards, calendar and the poverty-standard engine.

Pure Python: imports neither Flask, SQLAlchemy nor casework.
"""
