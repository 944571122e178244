"""Background jobs: the Huey queue (queue.py) and its messages; the job
logic itself is doithoai/services/jobs.py."""
