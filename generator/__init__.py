"""Bulletin: a static-site generator for Chinese community bulletins."""

__version__ = "0.1.0"
