"""Background jobs: the Huey queue (queue.py) and its messages; the job
logic itself is pipeline/services/jobs.py."""
