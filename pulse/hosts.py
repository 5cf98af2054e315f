"""The hosts Pulse answers: `ALLOWED_HOSTS` from the environment plus every project's custom
domain (the public portal's, `Project.custom_domain`).

Django checks a request's `Host` by iterating `settings.ALLOWED_HOSTS`
(`django.http.request.validate_host`); `AllowedHosts` is that list, extended while
iterated with the registered domains (`projects.selectors.custom_domains`, a memo: no
query per request). So production never needs `ALLOWED_HOSTS=*` for custom domains, and a
Host that is neither configured nor registered is still refused with a 400.
"""

from django.apps import apps


class AllowedHosts(list):
    """A list of host patterns that also yields the custom domains when iterated."""

    def __iter__(self):
        yield from super().__iter__()
        if "*" in list.__iter__(self) or not apps.ready:
            return
        from projects.selectors import custom_domains  # noqa: PLC0415 (settings import this module)

        try:
            yield from custom_domains()
        except Exception:  # database and cache down: only the configured hosts
            return
