"""The web edge: ``create_app(settings)`` builds the JSON API and the pages."""
