"""The run pages: periodic campaigns, a run's page with every step of it, its long lists and batch steps."""
