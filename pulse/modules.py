"""The product modules of Pulse, in one list: adding a module is adding it here.

Read by the settings (INSTALLED_APPS), the root URLs (`pulse/urls.py`), the API-key scopes
(`projects/scopes.py`), the project navigation (`projects/templatetags/dashboard.py`), the
demo (`seed_demo`) and the install page's widget features (`projects/install.py`). Plain
data: the settings import it, so it imports no app.

A module is a Django app named `label` that provides, by convention:

- `<label>/urls.py` with any of the URL families `api_urlpatterns` (under
  /api/v1/projects/<slug>/), `admin_api_urlpatterns` (/api/v1/admin/),
  `events_api_urlpatterns` (/api/v1/pulse/) and `dashboard_urlpatterns`, one of whose
  pages is named `<label>-dashboard` (the nav link);
- `scope_module = "<label>"` on its API-key views (scopes `<label>:read`, `<label>:write`);
- `<label>/demo.py` with `seed(project=..., visitor_id=...)` when `demo` is set.

`tests/core/test_modules.py` checks each of these for every module, and says what is missing.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    label: str  # the app, its URL module, its scopes' prefix, its widget feature name
    title: str  # its link in the project navigation
    nav_order: int  # the link's place among the modules' (the nav is not in this list's order)
    widget_order: int | None = None  # its place in the widget's features; None: not in the widget
    widget_default: bool = False  # on when a snippet names no features
    demo: bool = True  # has `<label>/demo.py`
    widget_extra: tuple = ()  # more widget tabs of the module, after its own (feedback: the idea board)

    @property
    def urls_module(self):
        return f"{self.label}.urls"

    @property
    def dashboard_url_name(self):
        return f"{self.label}-dashboard"

    @property
    def scopes(self):
        return (f"{self.label}:read", f"{self.label}:write")

    @property
    def demo_module(self):
        return f"{self.label}.demo" if self.demo else None


# In the order of the apps, the URL includes, the scopes and the demo seeding.
MODULES = (
    Module("changelog", "Changelog", nav_order=1, widget_order=2, widget_default=True),
    Module("roadmap", "Roadmap", nav_order=2, widget_order=4),
    Module("feedback", "Feedback", nav_order=3, widget_order=1, widget_default=True, widget_extra=("ideas",)),
    Module("notifications", "Notifications", nav_order=5, widget_order=5),
    Module("announcements", "Announcements", nav_order=4, widget_order=3, widget_default=True),
    Module("analytics", "Analytics", nav_order=6),
)

LABELS = tuple(module.label for module in MODULES)


def in_nav_order():
    return sorted(MODULES, key=lambda module: module.nav_order)


def _in_widget():
    in_widget = [module for module in MODULES if module.widget_order is not None]
    return sorted(in_widget, key=lambda module: module.widget_order)


def widget_features():
    """The widget's feature names in its order: the install page's checkboxes and the snippet's."""
    return [name for module in _in_widget() for name in (module.label, *module.widget_extra)]


def default_widget_features():
    """The features a snippet without `data-pulse-features` turns on, in the widget's order."""
    return [module.label for module in _in_widget() if module.widget_default]
