"""The web app (`doithoai serve`): server-rendered Vietnamese pages over the
same service layer as the CLI. `create_app(settings)` builds it."""
