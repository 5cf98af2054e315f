"""A DRF router whose routes match with and without a trailing slash (no redirects)."""

from rest_framework.routers import SimpleRouter


class OptionalSlashRouter(SimpleRouter):
    def __init__(self):
        # SimpleRouter only knows "/" or "": set the optional slash after its __init__.
        super().__init__()
        self.trailing_slash = "/?"
