"""The speech engine of doithoai: audio ingest, VAD, transcription, guards,
checkpoints, transcript model and formats, diarization and the model store.
Imports `minutes` and `broadcast` at most, never the application."""
