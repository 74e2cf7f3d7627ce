"""The documents gallery: walk a fresh campaign through the pages on a throwaway database and keep
every document the app issued on the way, to look at (write.py) and to check (tests)."""
