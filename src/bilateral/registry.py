"""The reference registry: countries, people and their offices, organisations, places, projects.

The data lives in ``bilateral/data/registry/*.yaml`` (format: ``data/registry/README.md``);
users add their own files with :func:`load_registry`. This module loads, validates and
answers questions about the data (who held an office on a date, which surface forms name
what). It does not look at text: matching mentions is built on top of :meth:`all_aliases`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from bilateral.datafiles import load_yaml

try:  # libyaml is several times faster; the pure-Python loader gives the same result
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as the strings they were written as (an impossible
    date then gets our message, not a traceback from datetime)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

__all__ = [
    "FORM_FIELDS",
    "KINDS",
    "LANGUAGES",
    "MULTI_HOLDER_ROLES",
    "ORG_TYPES",
    "PLACE_TYPES",
    "ROLES",
    "Entity",
    "Office",
    "Registry",
    "RegistryError",
    "load_registry",
]

KINDS = ("country", "person", "organisation", "place", "project")
# The id of an entity starts with the prefix of its kind: 'org/un', 'place/baku'.
ID_PREFIX = {"country": "country", "person": "person", "organisation": "org",
             "place": "place", "project": "project"}
# Language keys of the bundled data. A file may declare more (top-level `languages:`).
LANGUAGES = ("en", "az", "kk", "kk-Latn", "ru", "tr")
PLACE_TYPES = ("city", "region", "port", "sea", "area", "district", "village", "site")
ORG_TYPES = ("intergovernmental", "bilateral", "government", "ministry", "parliament",
             "news-agency", "company", "party", "agency")

# The office vocabulary. Roles held by one person at a time (per country, org and, for
# ambassadors, receiving country) let holders() end an undated term where the next begins.
ROLES = {
    "president": "head of state (president; chairman of a presidium where that is the office)",
    "acting-president": "interim head of state until a president takes office",
    "vice-president": "vice-president",
    "first-vice-president": "first vice-president (Azerbaijan since 2017)",
    "supreme-leader": "head of state of Iran",
    "prime-minister": "head of government (prime minister, premier, chairman of the cabinet)",
    "first-deputy-prime-minister": "first deputy prime minister",
    "deputy-prime-minister": "deputy prime minister (several at a time)",
    "speaker": "chair of a parliament or of one of its chambers (`org` names which)",
    "foreign-minister": "minister of foreign affairs (US: secretary of state)",
    "deputy-foreign-minister": "deputy minister of foreign affairs (several at a time)",
    "defence-minister": "minister of defence",
    "economy-minister": "minister of economy / economic development / national economy",
    "energy-minister": "minister of energy (or industry and energy)",
    "transport-minister": "minister of transport (incl. communications and high technologies)",
    "communications-minister": "minister of communications / information technologies",
    "head-of-administration": "head of the presidential administration",
    "ambassador": "ambassador of `country` accredited to `accredited_to`",
    "secretary-general": "head of an international organisation's secretariat (`org`)",
    "chair": "head of a company or agency (`org`)",
    "member-of-parliament": "member of a parliament or chamber (`org`; many at a time)",
}
MULTI_HOLDER_ROLES = frozenset({"deputy-prime-minister", "deputy-foreign-minister",
                                "member-of-parliament"})

# Per-language lists an entity may carry besides its aliases: the adjective and the
# demonym of a country ('казахстанский', 'qazaxıstanlı'), an epithet that names one person
# ('Ulu öndər', 'Елбасы').
FORM_FIELDS = ("aliases", "adjectives", "demonyms", "epithets")

_TOP_KEYS = {"format", "languages", "entities"}
_ENTITY_KEYS = {"id", "kind", "name", "country", "aliases", "wikidata", "offices", "note",
                "adjectives", "demonyms", "epithets", "capital", "place_type", "countries",
                "former_names", "alpha2", "members", "parent", "born", "died", "org_type",
                "location"}
_OFFICE_KEYS = {"role", "country", "org", "from", "to", "accredited_to", "note"}
_FORMER_KEYS = {"name", "from", "to", "aliases"}
_ID_RE = re.compile(r"^(country|person|org|place|project)/[A-Za-z0-9][A-Za-z0-9._-]*$")
_ALPHA3_RE = re.compile(r"^[A-Z]{3}$")
_QID_RE = re.compile(r"^Q[1-9][0-9]*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class RegistryError(ValueError):
    """A registry file is wrong. The message is one line: file, entry id, what is wrong."""


@dataclass(frozen=True)
class Office:
    """A term in an office. Dates are ISO at the precision known ('2019', '2019-03',
    '2019-03-20'); ``start`` None = not recorded; ``end`` None = still in office or not
    recorded (holders() then ends it where the next holder of a one-person office begins)."""

    role: str
    country: str | None
    start: str | None
    end: str | None
    org: str | None = None
    accredited_to: str | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name: str
    country: str | None
    aliases: dict[str, tuple[str, ...]]
    wikidata: str | None = None
    offices: tuple[Office, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.id)

    def forms(self, field_name: str) -> dict[str, tuple[str, ...]]:
        """Per-language forms of one of FORM_FIELDS ('adjectives', 'demonyms' ...)."""
        if field_name == "aliases":
            return self.aliases
        return self.extra.get(field_name, {})


def _at_precision(a: str, b: str) -> tuple[str, str]:
    n = min(len(a), len(b))
    return a[:n], b[:n]


def _date_le(a: str, b: str) -> bool:
    """a <= b, comparing partial ISO dates at the precision of the less precise one."""
    x, y = _at_precision(a, b)
    return x <= y


class Registry:
    """All entities, by id. Build it with :func:`load_registry`."""

    def __init__(self, entities: dict[str, Entity], languages: tuple[str, ...] = LANGUAGES):
        self.entities = entities
        self.languages = languages
        self._by_kind: dict[str, list[Entity]] = {}
        for entity in entities.values():
            self._by_kind.setdefault(entity.kind, []).append(entity)
        self._offices: dict[tuple[str, str | None], list[tuple[Office, Entity, str | None]]] = {}
        self._index_offices()

    def _index_offices(self) -> None:
        groups: dict[tuple, list[tuple[Office, Entity]]] = {}
        for entity in self.entities.values():
            for office in entity.offices:
                key = (office.role, office.country, office.org, office.accredited_to)
                groups.setdefault(key, []).append((office, entity))
        for (role, country, _org, _acc), terms in groups.items():
            bucket = self._offices.setdefault((role, country), [])
            starts = sorted({o.start for o, _ in terms if o.start})
            for office, entity in terms:
                end = office.end
                if end is None and office.start and role not in MULTI_HOLDER_ROLES:
                    later = [s for s in starts if s > office.start and not s.startswith(
                        office.start) and not office.start.startswith(s)]
                    end = later[0] if later else None
                bucket.append((office, entity, end))

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def by_kind(self, kind: str) -> list[Entity]:
        return list(self._by_kind.get(kind, ()))

    def holders(self, role: str, country: str | None, on: str | None,
                accredited_to: str | None = None, org: str | None = None) -> list[Entity]:
        """Who held `role` for `country` on the ISO date `on` ('2005-05-24', '2005-05',
        '2005'; partial dates compare at their precision, so a year can give two holders).
        `on=None`: everyone who ever held it. Terms with no start date match only then.
        A timestamp ('2024-03-11T09:00:00+05:00') counts as its day; anything else that
        is not an ISO date raises ValueError."""
        if on is not None:
            if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", on):  # a timestamp: its day
                on = on[:10]
            on = _check_date(on)
        found: list[tuple[str, Entity]] = []
        for office, entity, end in self._offices.get((role, country), ()):
            if accredited_to is not None and office.accredited_to != accredited_to:
                continue
            if org is not None and office.org != org:
                continue
            if on is not None:
                if office.start is None or not _date_le(office.start, on):
                    continue
                if end is not None and not _date_le(on, end):
                    continue
            found.append((office.start or "", entity))
        out: list[Entity] = []
        for _start, entity in sorted(found, key=lambda pair: pair[0]):  # earliest term first
            if entity not in out:
                out.append(entity)
        return out

    def all_aliases(self) -> Iterator[tuple[str, str, Entity]]:
        """(language key, alias, entity) for every alias, former names included."""
        for entity in self.entities.values():
            for lang, names in entity.aliases.items():
                for name in names:
                    yield lang, name, entity

    def all_forms(self, fields: Iterable[str] = FORM_FIELDS
                  ) -> Iterator[tuple[str, str, str, Entity]]:
        """(field, language key, form, entity) over aliases and, e.g., adjectives, demonyms."""
        wanted = tuple(fields)
        for entity in self.entities.values():
            for field_name in wanted:
                for lang, forms in entity.forms(field_name).items():
                    for form in forms:
                        yield field_name, lang, form, entity

    def country_codes(self) -> frozenset[str]:
        return frozenset(e.country for e in self._by_kind.get("country", ()) if e.country)

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities


# ---------------------------------------------------------------- loading and validation

def _check_date(value: str) -> str:
    m = _DATE_RE.match(value)
    if not m:
        raise ValueError(f"date {value!r} is not ISO (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"date {value!r} does not exist") from None
    return value


class _FileCheck:
    """Validation context for one file: every error names the file and the entry."""

    def __init__(self, path: str):
        self.path = path
        self.entry = "(top level)"

    def fail(self, what: str) -> RegistryError:
        return RegistryError(f"{self.path}: {self.entry}: {what}")

    def date(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if not isinstance(value, str):
            raise self.fail(f"{where}: date {value!r} is not ISO (YYYY, YYYY-MM or YYYY-MM-DD)")
        try:
            return _check_date(value.strip())
        except ValueError as exc:
            raise self.fail(f"{where}: {exc}") from None

    def mapping(self, item: Any, where: str, allowed: frozenset[str] | set[str],
                shape: str = "a mapping") -> dict:
        """`item` as a mapping with no field outside `allowed` (a typo is an error)."""
        if not isinstance(item, dict):
            raise self.fail(f"{where} must be {shape}")
        bad = sorted(k for k in item if k not in allowed)
        if bad:
            raise self.fail(f"{where}: unknown field(s) {', '.join(map(str, bad))}")
        return item

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where} must be a non-empty string, got {value!r}")
        return value.strip()

    def forms(self, value: Any, where: str, languages: set[str]) -> dict[str, tuple[str, ...]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"{where} must map language keys to lists of names")
        out: dict[str, tuple[str, ...]] = {}
        for lang, names in value.items():
            if lang not in languages:
                known = ", ".join(sorted(languages))
                raise self.fail(f"{where}: unknown language key {lang!r} (known: {known}; "
                                "declare others in a top-level 'languages:' list)")
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list):
                raise self.fail(f"{where}.{lang} must be a list of strings")
            seen: list[str] = []
            for name in names:
                name = self.text(name, f"{where}.{lang}")
                if name not in seen:
                    seen.append(name)
            out[lang] = tuple(seen)
        return out


def _merge_forms(a: dict[str, tuple[str, ...]], b: dict[str, tuple[str, ...]]
                 ) -> dict[str, tuple[str, ...]]:
    out = dict(a)
    for lang, names in b.items():
        out[lang] = out.get(lang, ()) + tuple(n for n in names if n not in out.get(lang, ()))
    return out


def _parse_entity(raw: Any, check: _FileCheck, languages: set[str], index: int) -> dict:
    if not isinstance(raw, dict):
        raise check.fail(f"entry #{index + 1} is not a mapping")
    check.entry = str(raw.get("id") or f"entry #{index + 1}")
    unknown = sorted(k for k in raw if k not in _ENTITY_KEYS and not str(k).startswith("x-"))
    if unknown:
        raise check.fail(f"unknown field(s) {', '.join(map(str, unknown))} "
                         "(custom fields must start with 'x-')")
    entity_id = check.text(raw.get("id"), "id")
    if not _ID_RE.match(entity_id):
        raise check.fail("id must look like 'kind-prefix/slug' (country/KAZ, person/..., "
                         "org/..., place/..., project/...)")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise check.fail(f"unknown kind {kind!r} (one of: {', '.join(KINDS)})")
    if entity_id.split("/", 1)[0] != ID_PREFIX[kind]:
        raise check.fail(f"id of a {kind} must start with '{ID_PREFIX[kind]}/'")
    name = check.text(raw.get("name"), "name")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _ALPHA3_RE.match(country)):
        raise check.fail(f"country {country!r} is not an ISO 3166 alpha-3 code")
    if kind == "country":
        if country is None or entity_id != f"country/{country}":
            raise check.fail("a country's id must be 'country/' + its alpha-3 'country' code")
    wikidata = raw.get("wikidata")
    if wikidata is not None and (not isinstance(wikidata, str) or not _QID_RE.match(wikidata)):
        raise check.fail(f"wikidata {wikidata!r} is not a Q-id like 'Q232'")
    aliases = check.forms(raw.get("aliases"), "aliases", languages)
    extra: dict[str, Any] = {}
    for key in ("adjectives", "demonyms", "epithets"):
        if key in raw:
            extra[key] = check.forms(raw[key], key, languages)
    former: list[dict] = []
    for i, item in enumerate(raw.get("former_names") or []):
        where = f"former_names[{i}]"
        check.mapping(item, where, _FORMER_KEYS, "a mapping with name, from, to, aliases")
        start = check.date(item.get("from"), f"{where}.from")
        end = check.date(item.get("to"), f"{where}.to")
        if start and end and not _date_le(start, end):
            raise check.fail(f"{where}: 'to' {end} is before 'from' {start}")
        fn_aliases = check.forms(item.get("aliases"), f"{where}.aliases", languages)
        former.append({"name": check.text(item.get("name"), f"{where}.name"),
                       "from": start, "to": end, "aliases": fn_aliases})
        # A former name is still a surface form of the entity (older articles use it).
        aliases = _merge_forms(aliases, fn_aliases)
    if former:
        extra["former_names"] = former
    offices: list[Office] = []
    for i, item in enumerate(raw.get("offices") or []):
        where = f"offices[{i}]"
        check.mapping(item, where, _OFFICE_KEYS)
        role = item.get("role")
        if role not in ROLES:
            raise check.fail(f"{where}: unknown role {role!r} (see ROLES in bilateral.registry)")
        start = check.date(item.get("from"), f"{where}.from")
        end = check.date(item.get("to"), f"{where}.to")
        if start and end and not _date_le(start, end):
            raise check.fail(f"{where}: 'to' {end} is before 'from' {start}")
        office_country = item.get("country")
        for key in ("country", "accredited_to"):
            value = item.get(key)
            if value is not None and (not isinstance(value, str) or not _ALPHA3_RE.match(value)):
                raise check.fail(f"{where}.{key} {value!r} is not an ISO 3166 alpha-3 code")
        if role == "ambassador" and not item.get("accredited_to"):
            raise check.fail(f"{where}: an ambassador office needs 'accredited_to'")
        offices.append(Office(role=role, country=office_country, start=start, end=end,
                              org=item.get("org"), accredited_to=item.get("accredited_to")))
    if offices and kind != "person":
        raise check.fail("only a person holds offices")
    place_type = raw.get("place_type")
    if kind == "place":
        if place_type not in PLACE_TYPES:
            raise check.fail(f"place_type {place_type!r} is not one of {', '.join(PLACE_TYPES)}")
        extra["place_type"] = place_type
    elif place_type is not None:
        raise check.fail("place_type is for places only")
    org_type = raw.get("org_type")
    if org_type is not None:
        if kind != "organisation" or org_type not in ORG_TYPES:
            raise check.fail(f"org_type {org_type!r}: organisations only, one of "
                             f"{', '.join(ORG_TYPES)}")
        extra["org_type"] = org_type
    for key in ("capital", "parent", "location"):
        if key in raw:
            extra[key] = check.text(raw[key], key)
    for key in ("countries", "members"):
        if key in raw:
            value = raw[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise check.fail(f"{key} must be a list of alpha-3 codes")
            bad_codes = [v for v in value if not _ALPHA3_RE.match(v)]
            if bad_codes:
                raise check.fail(f"{key}: {bad_codes[0]!r} is not an ISO 3166 alpha-3 code")
            extra[key] = tuple(value)
    for key in ("alpha2", "note"):
        if key in raw:
            extra[key] = check.text(raw[key], key)
    for key in ("born", "died"):
        if key in raw:
            extra[key] = check.date(raw[key], key)
    for key, value in raw.items():
        if str(key).startswith("x-"):
            extra[key] = value
    return {"id": entity_id, "kind": kind, "name": name, "country": country,
            "aliases": aliases, "wikidata": wikidata, "offices": tuple(offices),
            "extra": extra, "_file": check.path}


def _read_file(text: str, path: str, languages: set[str]) -> list[dict]:
    check = _FileCheck(path)
    try:
        data = load_yaml(text, _Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise check.fail(f"{where}: invalid YAML: {problem}") from None
    if data is None:
        return []
    if not isinstance(data, dict) or "entities" not in data:
        raise check.fail("a registry file is a mapping with an 'entities' list")
    bad = sorted(str(k) for k in data if k not in _TOP_KEYS)
    if bad:
        raise check.fail(f"unknown top-level key(s) {', '.join(bad)}")
    if data.get("format", 1) != 1:
        raise check.fail(f"format {data.get('format')!r} is not supported (this reads 1)")
    declared = data.get("languages") or []
    if not isinstance(declared, list) or not all(isinstance(x, str) for x in declared):
        raise check.fail("'languages' must be a list of language keys")
    languages.update(declared)
    entries = data.get("entities") or []
    if not isinstance(entries, list):
        raise check.fail("'entities' must be a list")
    return [_parse_entity(raw, check, languages, i) for i, raw in enumerate(entries)]


def _check_references(parsed: list[dict], ids: set[str], codes: set[str]) -> None:
    for item in parsed:
        check = _FileCheck(item["_file"])
        check.entry = item["id"]
        if item["country"] is not None and item["country"] not in codes:
            raise check.fail(f"country {item['country']!r} is not in the country list")
        extra = item["extra"]
        for key in ("countries", "members"):
            for code in extra.get(key, ()):
                if code not in codes:
                    raise check.fail(f"{key}: {code!r} is not in the country list")
        for key, prefix in (("capital", "place/"), ("location", "place/"), ("parent", "")):
            ref = extra.get(key)
            if ref is not None:
                if ref not in ids:
                    raise check.fail(f"{key} {ref!r} is not the id of any entity")
                if prefix and not ref.startswith(prefix):
                    raise check.fail(f"{key} {ref!r} must be a place id")
        for i, office in enumerate(item["offices"]):
            where = f"offices[{i}]"
            for key in ("country", "accredited_to"):
                code = getattr(office, key)
                if code is not None and code not in codes:
                    raise check.fail(f"{where}.{key} {code!r} is not in the country list")
            if office.org is not None and office.org not in ids:
                raise check.fail(f"{where}.org {office.org!r} is not the id of any entity")


def _build(sources: Iterable[tuple[str, str]]) -> Registry:
    languages = set(LANGUAGES)
    parsed: list[dict] = []
    seen: dict[str, str] = {}
    for path, text in sources:
        for item in _read_file(text, path, languages):
            if item["id"] in seen:
                raise RegistryError(f"{path}: {item['id']}: duplicate id "
                                    f"(already defined in {seen[item['id']]})")
            seen[item["id"]] = path
            parsed.append(item)
    codes = {p["country"] for p in parsed if p["kind"] == "country"}
    _check_references(parsed, set(seen), codes)
    entities = {
        p["id"]: Entity(id=p["id"], kind=p["kind"], name=p["name"], country=p["country"],
                        aliases=p["aliases"], wikidata=p["wikidata"], offices=p["offices"],
                        extra=p["extra"])
        for p in parsed
    }
    extra_langs = tuple(sorted(languages - set(LANGUAGES)))
    return Registry(entities, LANGUAGES + extra_langs)


def _package_sources() -> list[tuple[str, str]]:
    folder = resources.files("bilateral") / "data" / "registry"
    return [(f"registry/{entry.name}", entry.read_text(encoding="utf-8"))
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith((".yaml", ".yml"))]


def _user_sources(paths: Iterable[Path | str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
        for file in files:
            try:
                out.append((str(file), file.read_text(encoding="utf-8")))
            except OSError as exc:
                raise RegistryError(f"{file}: cannot read: {exc.strerror or exc}") from None
            except UnicodeDecodeError:
                raise RegistryError(f"{file}: not UTF-8 text") from None
    return out


@lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return _build(_package_sources())


def load_registry(extra_paths: Iterable[Path | str] = ()) -> Registry:
    """The bundled registry plus the user's files (or folders of *.yaml), validated.

    The default call (no extra paths) is cached: every caller shares one Registry.
    Raises RegistryError with a one-line message naming the file and entry at fault.
    """
    extra = list(extra_paths)
    if not extra:
        return _default_registry()
    return _build(_package_sources() + _user_sources(extra))
