"""Building blocks for the constructed hatewatch annotation set.

``slots`` holds the word lists, ``templates`` the message templates written from
``data/annotations/GUIDELINES.md``, ``generate`` fills templates and applies
spelling obfuscation deterministically.
"""
