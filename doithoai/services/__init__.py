"""The service layer: the functions that both the CLI and the web app call.

Each module takes plain arguments (paths, dataclasses), does the work and
returns typed results; it prints nothing and knows nothing of click or HTTP.
"""
