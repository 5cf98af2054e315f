"""Every module of pulse/modules.py is wired everywhere it must be: adding one to the list
is all it takes, or these tests name the module and what it lacks."""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, reverse

from projects.scopes import ALL_SCOPES
from projects.services import create_project
from pulse.modules import MODULES, default_widget_features, in_nav_order, widget_features

ROOT = Path(settings.BASE_DIR)
URL_FAMILIES = ("api_urlpatterns", "admin_api_urlpatterns", "events_api_urlpatterns", "dashboard_urlpatterns")
by_label = pytest.mark.parametrize("module", MODULES, ids=[module.label for module in MODULES])


def _routed(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routed(pattern.url_patterns)
        else:
            yield pattern


def _view_class(pattern):
    callback = pattern.callback
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


@by_label
def test_the_module_is_an_installed_app(module):
    assert apps.is_installed(module.label), f"{module.label} is not in INSTALLED_APPS"
    assert apps.get_app_config(module.label).name == module.label


@by_label
def test_every_url_of_the_module_is_routed_and_its_dashboard_page_exists(module):
    urls = import_module(module.urls_module)
    routed = {id(pattern) for pattern in _routed(get_resolver().url_patterns)}
    own = [pattern for family in URL_FAMILIES for pattern in _routed(getattr(urls, family, []))]
    assert own, f"{module.urls_module} defines none of {URL_FAMILIES}"
    missing = [str(pattern.pattern) for pattern in own if id(pattern) not in routed]
    assert missing == [], f"{module.label}: not routed from pulse/urls.py: {missing}"
    assert reverse(module.dashboard_url_name, kwargs={"slug": "acme"}).startswith("/p/acme/")


@by_label
def test_the_module_has_its_scopes_and_views_that_require_them(module):
    assert set(module.scopes) <= set(ALL_SCOPES), f"{module.label}: scopes missing from ALL_SCOPES"
    scoped = {getattr(_view_class(pattern), "scope_module", None) for pattern in _routed(get_resolver().url_patterns)}
    assert module.label in scoped, f"no routed API view has scope_module = {module.label!r}"


@by_label
def test_the_module_has_a_link_in_the_project_nav(module, client, db):
    owner = get_user_model().objects.create_user("owner", password="x")
    create_project(name="Acme App", slug="acme", owner=owner)
    client.force_login(owner)
    page = client.get(reverse("project-install", kwargs={"slug": "acme"})).content.decode()
    url = reverse(module.dashboard_url_name, kwargs={"slug": "acme"})
    assert f'<a href="{url}">{module.title}</a>' in page


@by_label
def test_the_module_seeds_the_demo_when_it_says_so(module):
    if not module.demo:
        pytest.skip(f"{module.label} has no demo data")
    assert callable(import_module(module.demo_module).seed), f"{module.demo_module} has no seed()"


@by_label
def test_ruff_sorts_the_module_as_first_party(module):
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    first_party = next(line for line in lines if line.startswith("known-first-party"))
    assert f'"{module.label}"' in first_party, f"add {module.label!r} to known-first-party in pyproject.toml"


@by_label
def test_a_widget_feature_is_known_to_the_widget_script(module):
    if module.widget_order is None:
        pytest.skip(f"{module.label} is not a widget feature")
    assert f'"{module.label}"' in (ROOT / "static" / "widget" / "widget.js").read_text()


def test_the_orders_are_each_given_once():
    assert len({module.label for module in MODULES}) == len(MODULES)
    assert sorted(module.nav_order for module in in_nav_order()) == list(range(1, len(MODULES) + 1))
    assert len(set(widget_features())) == len(widget_features())
    assert set(default_widget_features()) <= set(widget_features())


def test_the_nav_lists_the_modules_in_nav_order_before_the_projects_own_pages(client, db):
    owner = get_user_model().objects.create_user("owner", password="x")
    create_project(name="Acme App", slug="acme", owner=owner)
    client.force_login(owner)
    page = client.get(reverse("project-install", kwargs={"slug": "acme"})).content.decode()
    places = [page.index(f">{module.title}</a>") for module in in_nav_order()]
    assert places == sorted(places)
    assert places[-1] < page.index(">Install</a>")
