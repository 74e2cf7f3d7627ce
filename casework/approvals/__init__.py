"""The upper level's opinion on a periodic campaign: the commune's report and the district or province's reply."""
