"""The demo dataset: its generator, its loading into a store, and the simulator of live events."""
