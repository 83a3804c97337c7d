"""Data files shipped with hatewatch.

Word lists (``lexicons/``), threat-rule patterns (``rules/``) and the bias
metrics' identity statements (``bias/``).
"""
