"""The web application's pages, one module of routes per area.

Each module exposes a FastAPI ``router``; :func:`interlist.web.mount_web`
includes them under ``/web`` in the order of :data:`interlist.web.PAGES`.
"""
