"""Who may write: API tokens and their scopes."""
