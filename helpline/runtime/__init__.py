"""How the line runs: the Redis/rq connection, the outbox relay, the worker, the `make run`
supervisor and the cron table. Processes and plumbing; no decisions about people."""
