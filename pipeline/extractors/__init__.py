"""Extractors: plain strings in, frozen dataclasses out (no I/O, no pandas)."""
