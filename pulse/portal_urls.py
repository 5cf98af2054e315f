"""URLs of a request for a project's custom domain: that project's portal at /.

`pulse.portal.CustomDomainMiddleware` gives such a request this URLconf; the views find the
project from `request.portal_slug`. Nothing else (dashboard, API, admin) answers there.
"""

from django.urls import include, path

from .urls import patterns

urlpatterns = [path("", include(patterns("portal_urlpatterns")))]

handler404 = "pulse.portal.not_found"
handler400 = "pulse.views.bad_request"
handler500 = "pulse.views.server_error"
