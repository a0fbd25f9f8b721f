"""One router per endpoint family: match, search, entities, catalog, health."""
