"""This process's memos, emptied in one call.

A memo is process-local state in front of the shared cache or the database (the slug
memo, the cached lists' bodies, the API-key touch throttle, the widget file). Each module
that keeps one registers the function that empties it, so the core imports no app; the
test suite empties them all between tests (`tests/conftest.py`), as a fresh process
would have them.
"""

_clears = []


def register_memo(clear):
    """Have `clear_process_memos` call `clear()`, e.g. a dict's bound `clear`. Returns it."""
    if clear not in _clears:
        _clears.append(clear)
    return clear


def clear_process_memos():
    """Empty every registered memo of this process (those of modules imported so far)."""
    for clear in _clears:
        clear()
