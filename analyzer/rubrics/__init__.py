"""Rubrics: the frameworks, the crosswalk between them and the KPI catalogue, loaded from YAML data."""
