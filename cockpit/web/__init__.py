"""HTTP: the read, reporting and catalogue APIs, OpenAPI, and the client the CLI uses to reach a running app."""
