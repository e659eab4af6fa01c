"""sechooks: security hooks for pre-commit (see README.md).

Importing the package routes import-time regex compiles through `core/rxcache`, which keeps
their compiled form between runs next to the bytecode.
"""
from sechooks.core import rxcache as _rxcache

_rxcache.install()
