"""Data files shipped with hatewatch: word lists (``lexicons/``) and threat-rule patterns (``rules/``)."""
