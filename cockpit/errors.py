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
