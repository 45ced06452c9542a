"""Scoring: industry, dimension scores with explanations, programme aspects, gaps and expert questions."""
