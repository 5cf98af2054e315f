"""URLs of the notifications app, by API family (filled in by its issue)."""

api_urlpatterns = []
admin_api_urlpatterns = []
dashboard_urlpatterns = []
