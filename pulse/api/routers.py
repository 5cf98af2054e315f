"""A DRF router whose routes match with and without a trailing slash (no redirects)."""

from rest_framework.routers import SimpleRouter


class OptionalSlashRouter(SimpleRouter):
    def __init__(self):
        super().__init__()
        # DRF's __init__ turns any truthy trailing_slash into "/", so set the pattern after it.
        self.trailing_slash = "/?"
