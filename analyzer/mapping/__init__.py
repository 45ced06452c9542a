"""Rubric mapping: passages → topic scores from keywords, embeddings and a trained classifier."""
