"""A no-op marker for words people read: Babel extracts them (babel.cfg), casework translates them.

workflow/ stays free of Flask, so it cannot translate; it keeps the Vietnamese source text (which
documents print as it is) and marks it, and casework/vocabulary.py looks the text up in the
catalogue of the page's language when it shows it.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Return `message` unchanged: `N_` is gettext's usual name for "mark now, translate when shown"."""
    return message
