"""The `bilateral` command. Thin: parse arguments, call the library, print, exit.

Exit status 0 on success, 1 on a user error with one line on stderr, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from bilateral import __version__
from bilateral.export_cli import document_rows
from bilateral.ingest import default_jobs, ingest
from bilateral.store import DEFAULT_DB, Store, StoreError


class UserError(Exception):
    """Something the user can fix; shown as one line."""


def _err(message: str) -> None:
    print(f"bilateral: {message}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from bilateral.fetch import ingest_urls, is_http_url

    urls = [p for p in args.paths if is_http_url(p)]
    paths = [p for p in args.paths if not is_http_url(p)]
    store = Store(args.db)
    try:
        report = ingest(paths, store, batch_size=args.batch_size, warn=_err,
                        jobs=args.jobs)
        if urls and not report.interrupted:
            fetched = ingest_urls(urls, store, allow_private=args.allow_private, warn=_err)
            report.new += fetched.new
            report.duplicates += fetched.duplicates
            report.existing += fetched.existing
            report.problems += fetched.problems
            report.interrupted = fetched.interrupted
            report.events = fetched.events or report.events
    finally:
        store.close()
    print(report.summary(), file=sys.stderr)
    if report.interrupted:
        _err("interrupted: documents stored so far are kept; run the same command to go on")
        return 130
    return 1 if report.failed else 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def _interval(text: str) -> float:
    from bilateral.fetch import parse_interval

    try:
        return parse_interval(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_watch(args: argparse.Namespace) -> int:
    from bilateral.fetch import watch

    return watch(args.sources_file, args.db, every=args.every, once=args.once,
                 allow_private=args.allow_private)


def cmd_merge_parquet(args: argparse.Namespace) -> int:
    from bilateral.spark.load import LoadError, load_parquet

    store = Store(args.db)
    try:
        report = load_parquet(args.dir, store, warn=_err)
    except LoadError as exc:
        raise UserError(str(exc)) from None
    finally:
        store.close()
    print(report.summary(), file=sys.stderr)
    return 130 if report.interrupted else (1 if report.failed else 0)


def cmd_serve(args: argparse.Namespace) -> int:
    from bilateral.web import serve

    return serve(args.db, args.host, args.port, args.workers)


def cmd_export(args: argparse.Namespace) -> int:
    from bilateral.export_cli import ExportError, run_export

    try:
        return run_export(args)
    except ExportError as exc:
        raise UserError(str(exc)) from None


def cmd_timeline(args: argparse.Namespace) -> int:
    from bilateral.export import event_record

    between = tuple(c.upper() for c in args.between) if args.between else None
    store = Store(args.db, readonly=True)
    try:
        events = [event_record(e) for e in store.iter_events(
            between=between, since=args.since, until=args.until, types=args.type)]
    finally:
        store.close()
    print_timeline(events, args.format)
    return 0


def print_timeline(events: list[dict], fmt: str = "text") -> None:
    from bilateral.export import CSV_FIELDS, csv_row
    if fmt == "jsonl":
        for e in events:
            print(json.dumps(e, ensure_ascii=False))
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(csv_row(e) for e in events)
        return
    dated = [e for e in events if e["date"]]
    undated = [e for e in events if not e["date"]]
    md = fmt == "md"
    if md:
        print("| date | event | summary | sources |\n|---|---|---|---|")
    for group, title in ((dated, None), (undated, "Undated")):
        if title and group:
            print(f"\n**{title}**\n" if md else f"\n{title}:")
            if md:
                print("| date | event | summary | sources |\n|---|---|---|---|")
        for e in group:
            kind = e["type"] + (f"/{e['mode']}" if e["mode"] else "")
            n = e["n_sources"]
            sources = f"{n} source{'s' if n != 1 else ''}: {', '.join(e['langs'])}"
            if md:
                print(f"| {e['date'] or ''} | {kind} | {e['summary']} | {sources} |")
            else:
                print(f"{e['date'] or '':10}  {kind:20} {e['summary']}  [{sources}]")
    if not events:
        print("no events", file=sys.stderr)


def cmd_analyze(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from bilateral.clean import normalize_published
    from bilateral.model import Document, ReadProblem
    from bilateral.pipeline import process
    from bilateral.read import read_file
    from bilateral.read.decode import UndecodableError, decode_bytes

    if args.file == "-":
        try:
            text, _ = decode_bytes(sys.stdin.buffer.read())
        except UndecodableError as exc:
            raise UserError(f"standard input: {exc}") from None
        items: list = [Document(uri="-", source_format="txt", text=text)]
    else:
        path = Path(args.file)
        if not path.is_file():
            raise UserError(f"{args.file}: no such file")
        items = list(read_file(path))
    docs = [d for d in items if isinstance(d, Document)]
    if not docs:
        problem = next((p for p in items if isinstance(p, ReadProblem)), None)
        raise UserError(str(problem) if problem else f"{args.file}: no document in it")
    if len(docs) > 1:
        _err(f"note: {args.file} holds {len(docs)} documents; analysing the first")
    doc = docs[0]
    if args.published:
        published, _ = normalize_published(args.published)
        if not published:
            raise UserError(f"--published {args.published!r} is not a date (YYYY-MM-DD)")
        doc = replace(doc, published=published)
    result = process(doc, clean_text=not args.no_clean)
    if isinstance(result, ReadProblem):
        raise UserError(str(result))
    if args.lang:
        result = replace(result, lang=args.lang)
    print(json.dumps(_analysis(result), ensure_ascii=False, indent=2 if args.pretty else None))
    return 0


def _analysis(doc) -> dict:
    from bilateral.export import candidate_record

    return {
        "uri": doc.uri, "title": doc.title, "lang": doc.lang, "script": doc.script,
        "published": doc.published, "author": doc.author, "text": doc.text,
        "mentions": [{"kind": m.kind, "text": m.text, "start": m.start, "end": m.end,
                      "value": m.value,
                      "entity": ({"id": m.entity.id, "name": m.entity.name,
                                  "country": m.entity.country} if m.entity else None),
                      **({"meta": m.meta} if m.meta else {})}
                     for m in doc.mentions],
        "events": [candidate_record(e, i) for i, e in enumerate(doc.events)
                   if not set(e.context) & {"negation", "hypothetical"}],
    }


def cmd_search(args: argparse.Namespace) -> int:
    store = Store(args.db, readonly=True)
    try:
        results = store.search(args.query, limit=args.limit)
    finally:
        store.close()
    if args.json:
        for r in results:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    if not results:
        print("no documents match", file=sys.stderr)
        return 0
    for r in results:
        title = r["title"] or r["uri"]
        print(f"{r['published'] or '----------':10}  {r['lang'] or '??':3} {title}")
        print(f"            {r['snippet']}")
        print(f"            {r['uri']}")
    return 0


def demo_corpus() -> Path:
    return Path(str(resources.files("bilateral") / "data" / "demo"))


def cmd_demo(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="bilateral-demo-") as tmp:
        db_path = args.db or os.path.join(tmp, "demo.db")
        corpus = demo_corpus()
        print(f"Ingesting the bundled sample corpus ({corpus}) into {db_path}", file=sys.stderr)
        store = Store(db_path)
        try:
            report = ingest([str(corpus)], store, warn=_err)
            print(report.summary(), file=sys.stderr)
            rows = list(document_rows(store))
            from bilateral.export import event_record

            events = [event_record(e) for e in store.iter_events()]
        finally:
            store.close()
        _print_documents(rows)
        print(f"\nTimeline: {len(events)} events\n")
        print_timeline(events)
        if not args.db:
            print("\n(the demo database was temporary: pass --db demo.db to keep it)",
                  file=sys.stderr)
    return 1 if report.failed else 0


def _print_documents(rows: list[dict]) -> None:
    langs = sorted({r["lang"] or "und" for r in rows})
    print(f"\n{len(rows)} documents in {len(langs)} languages ({', '.join(langs)}):\n")
    print(f"{'published':10}  {'lang':7} {'format':6} title")
    for r in sorted(rows, key=lambda r: (r["published"] or "9999", r["uri"])):
        lang = f"{r['lang'] or 'und'}-{r['script'] or '?'}"
        title = (r["title"] or "(no title)")[:70]
        dup = f"  [same article as {Path(r['duplicate_of']).name}]" if r["duplicate_of"] else ""
        print(f"{r['published'] or '?':10}  {lang:7} {r['source_format']:6} {title}{dup}")


class _Parser(argparse.ArgumentParser):
    """Usage errors are user errors: one line on stderr and status 1 (DESIGN.md)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        _err(f"error: {message} (see '{self.prog} --help')")
        sys.exit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bilateral",
        description="Turn multilingual news into a sourced record of how two countries relate.")
    parser.add_argument("--version", action="version", version=f"bilateral {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str
            ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = add("ingest", cmd_ingest, "read files, folders, URLs, .html, .txt, .jsonl, "
            ".warc(.gz) and feeds; clean them and store them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=DEFAULT_DB, help=f"database file (default {DEFAULT_DB})")
    p.add_argument("--batch-size", type=int, default=1000,
                   help="documents per transaction (default 1000)")
    p.add_argument("--allow-private", action="store_true",
                   help="let URLs reach private, loopback and link-local addresses")
    p.add_argument("--jobs", type=_positive, default=default_jobs(),
                   help=f"worker processes for the analysis (default: all {default_jobs()} "
                        "cores)")

    p = add("watch", cmd_watch, "poll the feeds and pages listed in SOURCES_FILE on a "
            "schedule and ingest what is new")
    p.add_argument("sources_file", metavar="SOURCES_FILE",
                   help="one URL a line, optionally an outlet name and a language; # comments")
    p.add_argument("--every", type=_interval, default=900.0, metavar="INTERVAL",
                   help="time between polls: 30s, 15m, 1h (default 15m)")
    p.add_argument("--once", action="store_true", help="poll once and exit")
    p.add_argument("--allow-private", action="store_true",
                   help="let sources reach private, loopback and link-local addresses")
    p.add_argument("--db", default=DEFAULT_DB, help=f"database file (default {DEFAULT_DB})")

    p = add("export", cmd_export, "write stored records for other tools")
    p.add_argument("what", choices=["documents", "entities", "events", "figures", "graph"])
    p.add_argument("--format", choices=["jsonl", "csv", "plover", "parquet", "json", "graphml"],
                   default="jsonl",
                   help="jsonl or csv; events also plover (the POLECAT interchange layout) "
                        "and parquet (with -o FILE); graph json or graphml")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("-o", "--output", help="file to write (default: standard output)")

    p = add("timeline", cmd_timeline, "the events of the relation in date order, each with "
            "its sources")
    p.add_argument("--between", nargs=2, metavar=("A", "B"),
                   help="two countries (ISO 3166 alpha-3), e.g. AZE KAZ")
    p.add_argument("--since", help="first date (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", help="last date")
    p.add_argument("--type", action="append", help="PLOVER type (repeatable)")
    p.add_argument("--format", choices=["text", "jsonl", "csv", "md"], default="text")
    p.add_argument("--db", default=DEFAULT_DB)

    p = add("analyze", cmd_analyze, "analyse one document and print it as JSON; nothing is "
            "stored")
    p.add_argument("file", metavar="FILE|-", help="a file, or - for standard input")
    p.add_argument("--published", help="publication date (YYYY-MM-DD), the anchor for "
                   "relative dates and offices")
    p.add_argument("--lang", help="language code to report instead of the detected one")
    p.add_argument("--no-clean", action="store_true",
                   help="take the input as clean text (no furniture removal)")
    p.add_argument("--pretty", action="store_true", help="indented JSON")

    p = add("search", cmd_search, "full-text search of stored documents, across scripts and "
            "case endings")
    p.add_argument("query")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="one JSON object per result")

    p = add("merge-parquet", cmd_merge_parquet, "store the Parquet output of the Spark job "
            "(python -m bilateral.spark.job), then merge its events")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--db", default=DEFAULT_DB)

    p = add("serve", cmd_serve, "open the database in a browser: timeline, events with "
            "their sources, documents, entities, graph, search, figures; and a JSON API")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=_positive, default=default_jobs(),
                   help="server processes (default: one per core)")

    p = add("demo", cmd_demo, "ingest the bundled sample corpus and show what was found")
    p.add_argument("--db", help="keep the demo database in this file (default: temporary)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already reported
        return exc.code if isinstance(exc.code, int) else 1
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 1
    try:
        return args.func(args)
    except (StoreError, UserError) as exc:
        _err(f"error: {exc}")
        return 1
    except sqlite3.Error as exc:  # a full disk, a read-only file, a lock held too long
        _err(f"error: database {getattr(args, 'db', '')}: {exc}")
        return 1
    except BrokenPipeError:
        # `bilateral export documents | head`: the reader left; not an error.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except OSError as exc:
        _err(f"error: {exc.filename or ''}: {exc.strerror or exc}".replace(": :", ":"))
        return 1
    except Exception as exc:  # noqa: BLE001 - the promise is one line, never a traceback
        if os.environ.get("BILATERAL_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} "
             "(set BILATERAL_DEBUG=1 for details, and please report it)")
        return 2


if __name__ == "__main__":
    sys.exit(main())
