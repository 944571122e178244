"""The service layer: the functions that both the CLI and the web app call.

Each module takes data (dataclasses, typed domain objects, the acting
`actors.Actor`), does the work and returns typed results; it prints nothing
and knows nothing of click or HTTP. Files are read by the CLI (or by a
`read_*`/`load_*` helper it calls), never written back and forth to pass
data along. A row looked up by id is `lookup.get_or_404`.
"""
