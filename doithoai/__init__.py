"""doithoai: the application (CLI, settings, services, jobs, store, web) over
the speech engine (`pipeline`) and the libraries `minutes` and `broadcast`."""

__version__ = "0.1.0"
