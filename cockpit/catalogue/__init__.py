"""The catalogue as data: reference data, the sheets of a catalogue file, reading, checking, applying, exporting."""
