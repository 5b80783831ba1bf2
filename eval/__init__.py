"""Offline evaluation: run question sets through `Assistant.ask`, score them, report, compare.

Imports flow one way: eval -> assistant (and ingest, to build throwaway indexes); nothing
but the CLI composition root (cli/) imports eval.
"""
