"""A static-site generator for digital scholarly editions of translated archival documents."""

__version__ = "0.1.0"
