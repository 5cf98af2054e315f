"""Serializers of the projects app (the Admin API's `me`)."""

from rest_framework import serializers

from .models import ApiKey, Project


class ProjectSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "slug", "name"]


class ApiKeyInfoSerializer(serializers.ModelSerializer):
    """What a key's holder may know about it: never the digest."""

    project = ProjectSummarySerializer()
    key_name = serializers.CharField(source="name")

    class Meta:
        model = ApiKey
        fields = ["project", "key_name", "prefix", "scopes", "expires_at"]
