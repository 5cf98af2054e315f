"""A DRF router whose routes match with and without a trailing slash (no redirects)."""

from rest_framework.routers import SimpleRouter


class OptionalSlashRouter(SimpleRouter):
    def __init__(self):
        super().__init__(trailing_slash="/?")
