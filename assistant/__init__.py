"""Sponsor Q&A Assistant: evidence-first answers from a CDMO's own sources, every claim cited."""

__version__ = "0.1.0"
