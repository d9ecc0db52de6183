"""One-line English summaries generated from structured events, never from their sources'
words: 'Kazakhstan's Kassym-Jomart Tokayev visits Azerbaijan (Baku)'."""

from __future__ import annotations

from collections import Counter
from typing import Any


def _country(code: str | None, names: dict[str, str]) -> str:
    return names.get(code or "", code or "an unknown country")


def _party(party: dict[str, Any], names: dict[str, str]) -> str:
    country = _country(party.get("country"), names)
    return f"{country}'s {party['entity']}" if party.get("entity") else country


def _where(location: dict | None) -> str:
    return f" ({location['name']})" if location and location.get("name") else ""


def _in(location: dict | None) -> str:
    return f" in {location['name']}" if location and location.get("name") else ""


def summarize(event: Any, names: dict[str, str]) -> str:
    """`event` has type, mode, actor, recipient (dicts with country/entity), location and
    members (candidates with a `kind`)."""
    kinds = Counter(m.kind for m in getattr(event, "members", ()) if m.kind)
    kind = kinds.most_common(1)[0][0] if kinds else ""
    a, b = _party(event.actor, names), _party(event.recipient, names)
    b_country = _country(event.recipient.get("country"), names)
    both = f"{a} and {b}"
    loc = event.location
    if event.type == "CONSULT":
        if event.mode == "visit" and kind in ("visit", "receive", "council", "talks"):
            return f"{a} visits {b_country}{_where(loc)}"
        if event.mode == "multilateral":
            return f"{both} meet at a summit{_in(loc)}"
        if event.mode == "phone":
            return f"{both} speak by phone"
        if kind == "credentials":
            return f"{a} presents credentials to {b}"
        if "council" in kinds:
            return f"{both} meet in their intergovernmental council{_in(loc)}"
        return f"{both} hold talks{_in(loc)}"
    if event.type == "SUPPORT":
        return {
            "congratulate": f"{a} congratulates {b}",
            "thank": f"{a} thanks {b}",
            "relations": f"{both} establish diplomatic relations",
            "embassy": f"{a} opens a diplomatic mission in {b_country}{_where(loc)}",
            "support": f"{a} voices support for {b}",
        }.get(kind, f"{both} sign documents{_in(loc)}")
    if event.type == "AGREE":
        if kind.startswith("pledge:"):
            return f"{both} pledge: {kind.split(':', 1)[1].replace('-', ' ')}{_in(loc)}"
        if kind == "accept-invitation":
            return f"{a} accepts an invitation from {b}"
        return f"{both} agree on future cooperation{_in(loc)}"
    if event.type == "COOPERATE":
        if kind == "open":
            return f"{both} open a joint project{_in(loc)}"
        return f"{both} cooperate in trade and transport"
    if event.type == "AID":
        return f"{a} gives aid to {b_country}{_where(loc)}"
    return f"{a} {event.type.lower()} {b}"
