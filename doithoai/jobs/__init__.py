"""Background jobs, one direction: states.py (the state machine and its one
transition helper) and queue.py (Huey: job ids on a queue) at the bottom;
lifecycle.py (create, cancel, retry, recover) and execution.py (claim,
heartbeat, progress, finish) over them; consumer.py (the embedded consumer
and `doithoai worker`) on top. What a job does comes from the caller: jobs
never import services (doithoai/services/transcription_jobs.py is the
transcription, given to the queue by `doithoai serve` and `doithoai worker`)."""
