"""`bilateral export`: stored records for other tools, as JSON Lines, CSV, PLOVER or Parquet.

Each kind of record is a generator of flat dicts; one writer serves them all."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from bilateral.export import CSV_FIELDS, csv_row, event_record, plover_record
from bilateral.store import Store

DOCUMENT_FIELDS = ["uri", "title", "lang", "published", "text", "duplicate_of",
                   "author", "script", "source_format"]
ENTITY_FIELDS = ["id", "kind", "name", "country", "mentions", "langs", "aliases"]
FIGURE_FIELDS = ["kind", "subject", "value", "unit", "date", "deadline", "countries", "text",
                 "uri", "lang", "published"]


class ExportError(Exception):
    """A request the user can correct (one line)."""


def document_rows(store: Store) -> Iterator[dict]:
    """Documents, `duplicate_of` as the uri of the original (which may have been stored
    after its copy)."""
    for row in store.iter_documents():
        row["duplicate_of"] = row.pop("original_uri")
        yield row


@contextmanager
def _output(args: argparse.Namespace) -> Iterator[TextIO]:
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        yield out
    finally:
        if out is not sys.stdout:
            out.close()


def _write(out: TextIO, fmt: str, rows: Iterable[dict], fields: list[str],
           flat: Callable[[dict], dict[str, Any]] = lambda r: r) -> None:
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flat(r) for r in rows)
    else:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _figure_csv(r: dict) -> dict:
    return {**r, "countries": " ".join(r["countries"]), "uri": r["source"]["uri"],
            "lang": r["source"]["lang"], "published": r["source"]["published"]}


def _entity_csv(r: dict) -> dict:
    return {**r, "langs": " ".join(r["langs"]), "aliases": " | ".join(r["aliases"])}


FORMATS = {"documents": ("jsonl", "csv"), "entities": ("jsonl", "csv"),
           "figures": ("jsonl", "csv"), "events": ("jsonl", "csv", "plover", "parquet"),
           "graph": ("json", "graphml")}


def run_export(args: argparse.Namespace) -> int:
    if args.what == "graph" and args.format == "jsonl":
        args.format = "json"  # the graph is one document, not lines
    if args.format not in FORMATS[args.what]:
        raise ExportError(f"{args.what} export formats are {', '.join(FORMATS[args.what])},"
                          f" not {args.format}")
    if args.format == "parquet":
        return _events_parquet(args)
    store = Store(args.db, readonly=True)
    try:
        with _output(args) as out:
            if args.what == "documents":
                rows = ({k: r[k] for k in DOCUMENT_FIELDS} for r in document_rows(store))
                _write(out, args.format, rows, DOCUMENT_FIELDS)
            elif args.what == "entities":
                rows = ({k: r[k] for k in ENTITY_FIELDS} for r in store.iter_entities())
                _write(out, args.format, rows, ENTITY_FIELDS, _entity_csv)
            elif args.what == "graph":
                from bilateral.graph import build_graph, write_graphml, write_json

                graph = build_graph(store)
                (write_graphml if args.format == "graphml" else write_json)(graph, out)
            elif args.what == "figures":
                _write(out, args.format, store.iter_figures(), FIGURE_FIELDS, _figure_csv)
            else:
                records = (event_record(e) for e in store.iter_events())
                if args.format == "plover":
                    records = (plover_record(r) for r in records)
                _write(out, args.format, records, CSV_FIELDS, csv_row)
    finally:
        store.close()
    return 0


def _events_parquet(args: argparse.Namespace) -> int:
    """Events as a Parquet file (pyarrow, the `parquet` extra), written in batches."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'bilateral[parquet]'"
                          ) from None
    if not args.output:
        raise ExportError("Parquet is a binary file: name it with -o FILE")
    store = Store(args.db, readonly=True)
    writer = None
    batch: list[dict] = []

    def flush() -> None:
        nonlocal writer
        table = pa.Table.from_pylist(batch, schema=writer.schema if writer else None)
        if writer is None:
            writer = pq.ParquetWriter(args.output, table.schema)
        writer.write_table(table)
        batch.clear()

    try:
        for event in store.iter_events():
            record = event_record(event)
            # Parquet columns have one type: the date -> sources map becomes a list.
            record["dates_seen"] = [{"date": d, "uris": u}
                                    for d, u in record["dates_seen"].items()]
            batch.append(record)
            if len(batch) >= 10_000:
                flush()
        if batch:
            flush()
        if writer is None:
            raise ExportError("no events to export")
        writer.close()
    finally:
        store.close()
    return 0
