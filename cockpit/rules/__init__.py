"""Pure domain rules: status against targets and thresholds, the Thai calendars. Nothing of the store."""
