"""A case: intake, its page, its transitions and events, withdrawal, and the work queue."""
