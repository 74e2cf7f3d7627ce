"""Offline generators (the unit list, procedure diagrams): run by people, never imported by the app."""
