"""Jinja2 with autoescape on for every template: article text is untrusted."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bilateral.web import svg
from bilateral.web.highlight import MENTION_KINDS

TEMPLATES = Path(__file__).parent / "templates"
LANG_NAMES = {"az": "Azerbaijani", "kk": "Kazakh", "ru": "Russian", "tr": "Turkish",
              "en": "English", "uz": "Uzbek", "ky": "Kyrgyz"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(colour=svg.colour, TYPE_COLOURS=svg.TYPE_COLOURS,
                       KIND_COLOURS=svg.KIND_COLOURS, LANG_NAMES=LANG_NAMES,
                       MENTION_KINDS=MENTION_KINDS)
    return env


def page_url(request: Request, offset: int) -> str:
    """This page's URL with another offset (every other parameter kept)."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    items.append(("offset", str(max(0, offset))))
    from urllib.parse import urlencode

    return f"{request.url.path}?{urlencode(items)}"


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("query", request.query_params)
    html = environment().get_template(name).render(
        request_path=request.url.path, page_url=lambda offset: page_url(request, offset),
        **context)
    return HTMLResponse(html, status_code=status)
