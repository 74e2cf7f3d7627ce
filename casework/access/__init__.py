"""Who looked at whose records: views of a household, a survey and document downloads are logged
(data-protection.md §5.4), and an administrator lists them by person or by household."""
