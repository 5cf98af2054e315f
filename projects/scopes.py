"""API-key scopes: `read`, `write` (implies read) and `MODULE:read` / `MODULE:write` for
each module of pulse/modules.py."""

from pulse.modules import MODULES

ALL_SCOPES = ["read", "write"] + [scope for module in MODULES for scope in module.scopes]


def required_scope(module, write):
    level = "write" if write else "read"
    return f"{module}:{level}" if module else level


def scopes_allow(granted, *, module, write):
    """Whether scopes `granted` permit a read or write of `module` (None: any valid key)."""
    granted = set(granted or ())
    if module is None:
        return bool(granted) or not write
    if write:
        return bool(granted & {"write", f"{module}:write"})
    return bool(granted & {"read", "write", f"{module}:read", f"{module}:write"})


def parse_scopes(text):
    """'read,changelog:write' -> ['read', 'changelog:write']; ValueError for unknown ones."""
    scopes = [scope.strip() for scope in text.split(",") if scope.strip()]
    unknown = [scope for scope in scopes if scope not in ALL_SCOPES]
    if unknown:
        raise ValueError(f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(ALL_SCOPES)}")
    if not scopes:
        raise ValueError("At least one scope is required")
    return scopes
