"""The web app: `bilateral serve` opens a database in the browser (see app.create_app)."""

from __future__ import annotations

import os
import sys

__all__ = ["serve"]


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> int:
    """Serve the database at `db` read-only on host:port until interrupted, in `workers`
    processes (one renders pages under one GIL; more use more cores). Returns the exit
    code: 0 when stopped, 1 (with one line on stderr) when the database cannot be opened."""
    import uvicorn

    from bilateral.store import StoreError
    from bilateral.web.app import DB_ENV, create_app

    try:
        app = create_app(db)
    except StoreError as exc:
        print(f"bilateral: {exc}", file=sys.stderr)
        return 1
    print(f"bilateral: serving {db} on http://{host}:{port}/"
          f"{f' with {workers} workers' if workers > 1 else ''} (Ctrl+C stops)", file=sys.stderr)
    try:
        if workers > 1:
            # Each worker process builds its own app (and connection pool) from the factory.
            os.environ[DB_ENV] = os.path.abspath(db)
            uvicorn.run("bilateral.web.app:app_from_env", factory=True, workers=workers,
                        host=host, port=port, log_level="warning")
        else:
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
