"""What every step reads about its review run: the run's settings, the working-day calendar, the
monthly cycle a request joins, and the one scoped loader of a run. The lowest feature package:
cases, meetings, postings, approvals, decisions and the run page all sit above it."""
