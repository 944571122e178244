"""doithoai pipeline: audio ingest, transcription, transcripts, jobs, storage
and the user interfaces (CLI, web) that drive `minutes` and `broadcast`."""

__version__ = "0.1.0"
