"""Alembic environment: migrations run on the connection interlist hands in."""

from alembic import context

from interlist.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("interlist runs migrations through interlist.store.db.upgrade()")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
