"""The village meeting (họp dân): recorded once for the village, every case discussed moves with it."""
