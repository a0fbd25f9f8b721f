"""The yente-compatible HTTP API: ``create_app(settings)`` builds it."""

from interlist.api.app import app_from_env, create_app

__all__ = ["app_from_env", "create_app"]
