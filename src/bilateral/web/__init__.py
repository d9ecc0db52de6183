"""The web app: `bilateral serve` opens a database in the browser (see app.create_app)."""

from __future__ import annotations

import sys

__all__ = ["serve"]


def serve(db: str, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve the database at `db` read-only on host:port until interrupted. Returns the exit
    code: 0 when stopped, 1 (with one line on stderr) when the database cannot be opened."""
    import uvicorn

    from bilateral.store import StoreError
    from bilateral.web.app import create_app

    try:
        app = create_app(db)
    except StoreError as exc:
        print(f"bilateral: {exc}", file=sys.stderr)
        return 1
    print(f"bilateral: serving {db} on http://{host}:{port}/ (Ctrl+C stops)", file=sys.stderr)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except KeyboardInterrupt:  # pragma: no cover - uvicorn handles it itself
        return 0
    except SystemExit as exc:  # uvicorn exits when it cannot bind (it logged why)
        return 1 if exc.code else 0
    except OSError as exc:  # address not available
        print(f"bilateral: cannot serve on {host}:{port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    return 0
