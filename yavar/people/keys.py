"""Search keys: how a name is matched regardless of ZWNJ, spaces, Arabic ی/ک and digits."""

from __future__ import annotations

from yavar.core.persian import search_key

KEY_SEPARATOR = "|"


def name_key(first_name: str, last_name: str) -> str:
    """Both orders, so "رضایی علی" finds "علی رضایی"; the separator never occurs in a key."""
    first, last = search_key(first_name), search_key(last_name)
    return f"{first}{last}{KEY_SEPARATOR}{last}{first}"


def keys_for(*, first_name: str, last_name: str, father_name: str) -> dict[str, str]:
    return {
        "name_key": name_key(first_name, last_name),
        "last_key": search_key(last_name),
        "father_key": search_key(father_name),
    }
