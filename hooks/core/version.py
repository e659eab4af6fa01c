"""The version, in one place: setup.cfg reads it, `--version` prints it."""
VERSION = "0.1.0"
