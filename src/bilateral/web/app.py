"""The web app: `create_app(db_path)` serves one database, read-only, as HTML pages and a
JSON API, with every asset its own and safety headers on every response."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bilateral.web import api, pages
from bilateral.web.db import Pool, TTLCache
from bilateral.web.params import BadParam
from bilateral.web.render import render
from bilateral.web.services import NotFound

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; "
                               "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
log = logging.getLogger("bilateral.web")


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response that passes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.raw if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        response: Response = JSONResponse({"detail": message}, status_code=status)
    else:
        try:
            response = render(request, "error.html", status=status, status_code=status,
                              message=message)
        except Exception:  # noqa: BLE001 - the error page itself must not fail
            response = HTMLResponse(f"{status}", status_code=status)
    return response


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def create_app(db_path: str) -> FastAPI:
    """The app for the database at `db_path` (opened read-only; StoreError when it is
    missing or was made by a newer bilateral)."""
    pool = Pool(db_path)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(title="bilateral", version="1", docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  openapi_url="/api/openapi.json",
                  description="A sourced record of how two countries relate: events, their "
                              "sources, documents, entities, search, timeline and graph.")
    app.state.pool = pool
    app.state.cache = TTLCache()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(BadParam)
    async def bad_param(request: Request, exc: BadParam) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(OverflowError)
    async def too_big(request: Request, exc: OverflowError) -> Response:
        # An id beyond SQLite's 64-bit integers names nothing stored.
        return _error(request, 404, f"nothing at {request.url.path}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        response = _error(request, 500, "internal error (logged on the server)")
        response.headers.update(SECURITY_HEADERS)  # sent outside the header middleware
        return response

    app.add_middleware(SecurityHeaders)
    return app


DB_ENV = "BILATERAL_SERVE_DB"


def app_from_env() -> FastAPI:
    """The app for the database named by $BILATERAL_SERVE_DB: the factory each uvicorn worker
    process calls when `bilateral serve --workers N` runs more than one."""
    return create_app(os.environ[DB_ENV])
