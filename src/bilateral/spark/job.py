"""The per-document analysis on a Spark cluster: WARC, JSONL or Parquet in, Parquet out.

    python -m bilateral.spark.job --input crawl/ --format warc --output out/ [--master local[2]]
    spark-submit --master yarn src/bilateral/spark/job.py --input hdfs:///crawl --format warc \\
        --output hdfs:///bilateral/out
    bilateral merge-parquet out/ --db bilateral.db      # into the store, then merge

Each executor runs `bilateral.pipeline.process_many`, the function `bilateral ingest` runs, on
the documents of its partitions (`mapPartitions`): the registry, lexicons and language
model load once per Python worker, on its first document, and stay loaded for every later
partition the worker gets (Spark reuses Python workers). Corpus-level work (near-duplicates,
merging candidates into events) is not done here: it needs the whole corpus, and
`load_parquet` does it in the store.

Inputs
  warc     .warc / .warc.gz files or folders of them. Local paths (a shared file system on
           a cluster) are streamed record by record in the executor with the package's
           readers; paths with a scheme (hdfs://, s3a://) come through `binaryFiles`, one
           whole file per task, so keep such files under ~1 GB.
  jsonl    JSON Lines (plain or .gz): read as text lines (a large plain file is split
           between tasks), each line a record as `bilateral ingest` reads it (url/uri,
           title, published/date, text or html, lang, author).
  parquet  columns uri (or url), title, published (or date), text or html, and optionally
           lang and author.
A folder is read as `bilateral ingest` reads one: recursively, hidden files and files that
cannot hold articles skipped.

Output (OUT): two Parquet datasets.
  OUT/documents/  one row per analysed document, nested: uri, title, published, lang,
                  script, text (the clean body), meta (JSON), and lists of structs
                  paragraphs, mentions, events (candidates: type, mode, actor, recipient,
                  evidence, date, ...), figures (figures and pledges); `doc_key` joins
                  flat views (`SELECT doc_key, m.* FROM documents LATERAL VIEW
                  explode(mentions) AS m`). Sorted by (file_index, ordinal): input order.
  OUT/problems/   one row per input that gave no document: uri and the one-line reason.
The row format is `bilateral.spark.serial` (versioned by `format_version`).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bilateral.model import Document, ReadProblem
from bilateral.spark.serial import problem_row, to_row

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

FORMATS = ("warc", "jsonl", "parquet")

# (file_index, source, ordinal, document or problem): one input item and where it came from.
Item = tuple[int, str, int, Document | ReadProblem]


# --- executor side: plain Python, no Spark import -----------------------------------------

def warm_up() -> None:
    """Load the registry, lexicons, language model and grammars in this Python worker, once."""
    from bilateral.pipeline import warm

    warm()


def analyse_partition(items: Iterable[Item]) -> Iterator[dict[str, Any]]:
    """`process` over one partition's documents: one output row per item, a document's
    or a problem's (with `problem` set). A few documents at a time, stage by stage
    (`process_many`: the same results for less CPU than one by one)."""
    from bilateral.pipeline import DOCUMENTS_PER_STEP

    warm_up()
    it = iter(items)
    while chunk := list(itertools.islice(it, DOCUMENTS_PER_STEP)):
        yield from _rows(chunk)


def _rows(chunk: list[Item]) -> Iterator[dict[str, Any]]:
    from bilateral.pipeline import process_many

    done = process_many([item for _, _, _, item in chunk], catch=True)
    for (file_index, source, ordinal, _), item in zip(chunk, done, strict=True):
        if isinstance(item, ReadProblem):
            row = problem_row(item, source, ordinal)
            row["problem"] = row.pop("reason")
        else:
            row = to_row(item, source, ordinal)
            row["problem"] = None
        row["file_index"] = file_index
        yield row


def read_local(files: Iterable[tuple[int, str]]) -> Iterator[Item]:
    """Every document of each local file, with the package's readers (as `ingest` does)."""
    from bilateral.read import read_file

    for file_index, name in files:
        for ordinal, item in enumerate(read_file(Path(name))):
            yield file_index, name, ordinal, item


def read_warc_bytes(file_index: int, name: str, data: bytes) -> Iterator[Item]:
    """The documents of one WARC file handed over whole (`binaryFiles`)."""
    from bilateral.read.warc import read_warc

    for ordinal, item in enumerate(read_warc(io.BytesIO(data), name)):
        yield file_index, name, ordinal, item


def read_jsonl_line(file_index: int, name: str, index: int, raw: bytes) -> Iterator[Item]:
    """One line of a JSON Lines file (`index` from 0), read as `read.jsonl.read_jsonl`
    reads it: the same record fields, the same problems."""
    from bilateral.read.jsonl import MAX_LINE_BYTES, _record_document

    lineno = index + 1
    where = f"{name}#{lineno}"
    if len(raw) > MAX_LINE_BYTES:
        yield file_index, name, lineno, ReadProblem(
            where, f"record too large ({len(raw) // 1_048_576} MB)")
        return
    if not raw.strip():
        return
    try:
        record = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
    except UnicodeDecodeError:
        yield file_index, name, lineno, ReadProblem(
            where, "line is not UTF-8 (JSON Lines must be UTF-8)")
        return
    except ValueError as exc:
        reason = (f"invalid JSON ({exc.msg} at column {exc.colno})"
                  if isinstance(exc, json.JSONDecodeError) else f"invalid JSON ({exc})")
        yield file_index, name, lineno, ReadProblem(where, reason)
        return
    if not isinstance(record, dict):
        yield file_index, name, lineno, ReadProblem(
            where, "a JSON object was expected on this line")
        return
    for item in _record_document(record, where):
        yield file_index, name, lineno, item


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def read_parquet_record(source: str, ordinal: int, record: dict[str, Any]) -> Iterator[Item]:
    """One row of an input Parquet dataset, read as a JSON Lines record."""
    from bilateral.read.jsonl import _record_document

    where = f"{source}#{ordinal}"
    fields = {k: _plain(v) for k, v in record.items() if v is not None}
    for item in _record_document(fields, where):
        if isinstance(item, Document):
            item = replace(item, source_format="parquet")
        yield 0, source, ordinal, item


# --- driver side --------------------------------------------------------------------------

@dataclass
class JobSummary:
    documents: int = 0
    problems: Counter[str] = field(default_factory=Counter)
    output: str = ""

    def line(self) -> str:
        text = f"analysed {self.documents} document{'s' if self.documents != 1 else ''}"
        total = sum(self.problems.values())
        if total:
            detail = ", ".join(f"{n} {reason}" for reason, n in self.problems.most_common())
            text += f"; skipped {total}: {detail}"
        return f"{text}; Parquet in {self.output}"


class JobError(Exception):
    """A problem with the job's arguments or inputs (one line for the user)."""


def _has_scheme(path: str) -> bool:
    head = path.split("/", 1)[0]
    return head.endswith(":") and len(head) > 2  # 'hdfs:', 's3a:'; not a drive letter


def local_master(master: str | None) -> bool:
    return master is None or master.startswith("local")


def session(master: str | None = "local[2]", app_name: str = "bilateral",
            driver_memory: str = "1g") -> SparkSession:
    """A SparkSession for the job. For a local master the executors' Python is this one
    (`PYSPARK_PYTHON`), Spark binds to 127.0.0.1 and the web UI is off; on a cluster
    (`spark-submit --master ...`, master None) the cluster's settings rule."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if local_master(master):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.master(master or "local[*]")
                   .config("spark.ui.enabled", "false")
                   .config("spark.driver.memory", driver_memory)
                   .config("spark.sql.shuffle.partitions", "8")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    elif master:
        builder = builder.master(master)
    builder = builder.config("spark.python.worker.reuse", "true")
    return builder.getOrCreate()


def list_files(spark: SparkSession, inputs: list[str]) -> tuple[list[str], list[ReadProblem]]:
    """Input files in `bilateral ingest` order: local paths through the package's own
    walker, paths with a scheme through Hadoop's file system (sorted)."""
    from bilateral.read import list_inputs

    files: list[str] = []
    problems: list[ReadProblem] = []
    for arg in inputs:
        if _has_scheme(arg) and not arg.startswith("file:"):
            files += _hadoop_files(spark, arg)
            continue
        for item in list_inputs([arg.removeprefix("file://")]):
            if isinstance(item, ReadProblem):
                problems.append(item)
            else:
                files.append(str(item.path))
    return files, problems


def _hadoop_files(spark: SparkSession, path: str) -> list[str]:
    jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
    conf = spark.sparkContext._jsc.hadoopConfiguration()  # type: ignore[attr-defined]
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(conf)
    found = []
    for status in fs.globStatus(hpath) or []:
        if status.isFile():
            found.append(status.getPath().toString())
            continue
        listing = fs.listFiles(status.getPath(), True)
        while listing.hasNext():
            name = listing.next().getPath().toString()
            if not name.rsplit("/", 1)[-1].startswith((".", "_")):
                found.append(name)
    return sorted(found)


def read_items(spark: SparkSession, fmt: str, inputs: list[str]) -> RDD:
    """An RDD of `Item`s (documents as the readers give them, and problems)."""
    sc = spark.sparkContext
    if fmt == "parquet":
        from pyspark.sql import functions as F

        df = spark.read.parquet(*inputs)
        wanted = [c for c in ("uri", "url", "title", "published", "date", "text", "html",
                              "lang", "language", "author") if c in df.columns]
        if not {"text", "html"} & set(wanted):
            raise JobError("the Parquet input has neither a 'text' nor an 'html' column")
        df = df.select(F.col("_metadata.file_path").alias("_source"),
                       F.monotonically_increasing_id().alias("_ordinal"), *wanted)
        return df.rdd.flatMap(lambda row: read_parquet_record(
            row["_source"], row["_ordinal"],
            {k: v for k, v in row.asDict().items() if not k.startswith("_")}))
    files, problems = list_files(spark, inputs)
    if not files:
        detail = "; ".join(str(p) for p in problems) or "no input files"
        raise JobError(detail)
    parts: list[RDD] = []
    if problems:
        parts.append(sc.parallelize([(-1, p.uri, 0, p) for p in problems], 1))
    indexed = list(enumerate(files))
    if fmt == "warc":
        local = [(i, f) for i, f in indexed if not _has_scheme(f)]
        remote = [(i, f) for i, f in indexed if _has_scheme(f)]
        if local:
            slices = min(len(local), max(1, sc.defaultParallelism) * 4)
            parts.append(sc.parallelize(local, slices).mapPartitions(read_local))
        for i, name in remote:
            parts.append(sc.binaryFiles(name).flatMap(
                lambda pair, i=i: read_warc_bytes(i, pair[0], pair[1])))
    elif fmt == "jsonl":
        for i, name in indexed:
            lines = sc.textFile(name, use_unicode=False).zipWithIndex()
            parts.append(lines.flatMap(
                lambda pair, i=i, name=name: read_jsonl_line(i, name, pair[1], pair[0])))
    else:
        raise JobError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    return parts[0] if len(parts) == 1 else sc.union(parts)


def row_schema() -> StructType:
    """The Spark schema of `analyse_partition`'s rows (`serial.to_row` plus `problem` and
    `file_index`)."""
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    def struct(*fields: tuple[str, Any]) -> StructType:
        return StructType([StructField(name, kind, True) for name, kind in fields])

    s, i = StringType(), IntegerType()
    party = struct(("country", s), ("entity", s), ("entity_id", s))
    evidence = struct(("uri", s), ("lang", s), ("text", s), ("start", i), ("end", i))
    paragraph = struct(("start", i), ("end", i), ("lang", s), ("script", s))
    mention = struct(("kind", s), ("text", s), ("start", i), ("end", i), ("value", s),
                     ("entity_id", s), ("entity_name", s), ("entity_country", s), ("meta", s))
    event = struct(("type", s), ("mode", s), ("actor", party), ("recipient", party),
                   ("evidence", evidence), ("trigger", s), ("date", s), ("date_meta", s),
                   ("location", s), ("context", ArrayType(s)), ("summary", s),
                   ("confidence", DoubleType()), ("kind", s))
    figure = struct(("kind", s), ("subject", s), ("value", DoubleType()), ("unit", s),
                    ("text", s), ("start", i), ("end", i), ("evidence", evidence),
                    ("date", s), ("deadline", s), ("countries", ArrayType(s)), ("meta", s))
    return struct(
        ("format_version", i), ("file_index", i), ("source", s), ("ordinal", LongType()),
        ("doc_key", s), ("uri", s), ("source_format", s), ("title", s), ("published", s),
        ("author", s), ("raw_dump", BooleanType()), ("lang", s), ("script", s), ("text", s),
        ("meta", s), ("paragraphs", ArrayType(paragraph)), ("mentions", ArrayType(mention)),
        ("events", ArrayType(event)), ("figures", ArrayType(figure)), ("problem", s))


def run(spark: SparkSession, inputs: list[str], fmt: str, output: str, *,
        partitions: int | None = None, overwrite: bool = False) -> JobSummary:
    """Analyse every document of `inputs` and write OUT/documents and OUT/problems."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    if not _has_scheme(output) and Path(output).exists() and not overwrite:
        raise JobError(f"{output} already exists (pass --overwrite to replace it)")
    items = read_items(spark, fmt, inputs)
    if partitions:
        items = items.repartition(partitions)  # spread one big file over many tasks
    schema = row_schema()
    names = schema.fieldNames()
    rows = items.mapPartitions(analyse_partition).map(lambda r: tuple(r.get(n) for n in names))
    analysed = spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_AND_DISK)
    mode = "overwrite" if overwrite else "errorifexists"
    try:
        tally = analysed.groupBy(F.col("problem").isNull().alias("ok"),
                                 F.col("problem")).count().collect()
        (analysed.filter(F.col("problem").isNull()).drop("problem")
         .orderBy("file_index", "ordinal").write.mode(mode)
         .parquet(_join(output, "documents")))
        (analysed.filter(F.col("problem").isNotNull())
         .select("file_index", "source", "ordinal", "uri", F.col("problem").alias("reason"))
         .coalesce(1).sortWithinPartitions("file_index", "ordinal").write.mode(mode)
         .parquet(_join(output, "problems")))
    finally:
        analysed.unpersist()
    summary = JobSummary(output=output)
    for row in tally:
        if row["ok"]:
            summary.documents += row["count"]
        else:
            summary.problems[_reason_kind(row["problem"])] += row["count"]
    return summary


def _reason_kind(reason: str) -> str:
    return reason.split(" (")[0].split(";")[0]


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bilateral.spark.job",
        description="run bilateral's per-document analysis on Spark; write Parquet")
    parser.add_argument("--input", nargs="+", required=True, metavar="PATH",
                        help="files or folders (local, or hdfs://, s3a:// ...)")
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--output", required=True, metavar="DIR")
    parser.add_argument("--master", default=None,
                        help="Spark master (default: local[*] when run with python, the "
                             "cluster's when run with spark-submit)")
    parser.add_argument("--partitions", type=int, default=None,
                        help="spread the documents over N tasks before the analysis (for "
                             "few large files)")
    parser.add_argument("--overwrite", action="store_true", help="replace DIR")
    parser.add_argument("--driver-memory", default="1g", help="local mode only (default 1g)")
    args = parser.parse_args(argv)
    under_submit = "SPARK_ENV_LOADED" in os.environ or "SPARK_SUBMIT_OPTS" in os.environ
    master = args.master if args.master or under_submit else "local[*]"
    try:
        spark = session(master, driver_memory=args.driver_memory)
    except Exception as exc:  # noqa: BLE001 - no Java, no pyspark: one line, not a traceback
        print(f"bilateral: cannot start Spark ({type(exc).__name__}: "
              f"{str(exc).splitlines()[0] if str(exc) else ''})", file=sys.stderr)
        return 1
    try:
        summary = run(spark, args.input, args.format, args.output,
                      partitions=args.partitions, overwrite=args.overwrite)
    except JobError as exc:
        print(f"bilateral: {exc}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    print(summary.line(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
