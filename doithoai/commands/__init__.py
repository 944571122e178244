"""CLI sub-commands: thin wrappers over the service layer (`doithoai.services`)."""
