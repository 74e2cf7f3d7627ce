"""The administrative-unit list generator (offline; see casework/data/units/SOURCE.md)."""
