"""Jobs run by rq workers: plain importable functions that take ids, safe to run twice."""
