"""Public posting of review results (niêm yết), complaints during it, re-checks, and its close."""
