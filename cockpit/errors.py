"""Errors a person can act on: each carries one line saying what is wrong and how to fix it."""


class CockpitError(Exception):
    """An error shown to the user as one clear line, never as a traceback."""

    exit_code = 2


class ConfigError(CockpitError):
    """The configuration (environment, arguments) is wrong."""


class StoreUnavailableError(CockpitError):
    """The store cannot be opened: unreachable server, file held by another process, corrupt file."""


class StoreVersionError(CockpitError):
    """The store was written by a newer release, or an upgrade is impossible."""


class ReferenceDataError(CockpitError):
    """A reference data file is missing or malformed."""


class StoreBusyError(CockpitError):
    """A write waited longer than the store allows for the writes before it; nothing of it was written, so the
    client may safely send it again after `retry_after` seconds (HTTP 503 with Retry-After)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
