"""The feedback category field: unknown values become `general`, as the reference promises."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Feedback


# No `type` in the schema: the seed's leniency ("Invalid category values are silently coerced
# to general") covers any JSON value, and the schema says so rather than promising a 400.
@extend_schema_field(
    {
        "description": (
            "`bug`, `feature` or `general` (default); any other value, of any JSON type, is stored as `general`."
        ),
        "example": "bug",
    }
)
class CategoryField(serializers.Field):
    """A feedback category; anything else (unknown value, wrong type, null) becomes `general`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return (True, Feedback.Category.GENERAL)
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        return data if data in Feedback.Category.values else Feedback.Category.GENERAL

    def to_representation(self, value):
        return value
