"""The long fuzzing campaign of issue 9: hostile files through every reader, the per-document
stages and the store, for a given number of seconds. Records inputs tried, time spent and
what broke in benchmarks/FUZZ.md (the fast, bounded version is tests/test_trust_fuzz.py).

    python benchmarks/fuzz.py --seconds 600                  # our own generator + mutator
    python benchmarks/fuzz.py --seconds 600 --engine atheris # coverage-guided (pip install atheris)

Every input is read with `bilateral.read.read_file`, each document run through
`bilateral.pipeline.process` and stored with `Store.batch().add` (a scratch database), as
`bilateral ingest` does. An input passes when it ends in documents and/or ReadProblems;
an exception, more than --timeout seconds, or MemoryError under the --memory-mb cap is a
finding, kept in --crashes with its traceback's last line.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = sorted((HERE.parent / "tests" / "fixtures" / "formats").glob("*"))
REPORT = HERE / "FUZZ.md"

ARTICLE = ("Kazakh President Kassym-Jomart Tokayev arrived in Baku on 11 March 2024 for a state "
           "visit and held talks with President Ilham Aliyev; they signed an agreement worth "
           "$2 billion. Президент Токаев прибыл в Баку. Tokayev Bakıya gəlib.")
ALPHABET = ("AaZzƏəĞğİıŞşÇçÖöÜü АаЯяЁёӘәҒғҚқҢңӨөҰұҮүҺһІі ابپ שלום 中文 0123456789.,;:-—“”'\"<>&"
            "\u0301\u0308\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202e\u2066"
            "\u2069\x00\x07\x1b\x85\u2028\u2029\r\n\t\ud800\udfff")
TOKENS = ["Tokayev", "Тоқаев", "Aliyev", "Baku", "Astana", "11 March 2024", "11.03.2024",
          "вчера", "dünən", "$2 billion", "2 млрд", "10%", "signed", "met", "visited",
          "<p>", "</p>", "<div>", "<script>", "&#xD800;", "&#x110000;", "&amp;", "<![CDATA[",
          "]]>", "\n\n", "{", "}", "\\ud800", "WARC/1.0\r\n", "Content-Length: 99999999\r\n"]


class Timeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001 - signal handler
    raise Timeout()


def hostile_text(rng: random.Random, n: int) -> str:
    parts = []
    for _ in range(n):
        if rng.random() < 0.4:
            parts.append(rng.choice(TOKENS))
        elif rng.random() < 0.05:
            parts.append(chr(rng.randrange(0x110000)))
        else:
            parts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))))
    return " ".join(parts)


def utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def warc(pages: list[tuple[str, bytes]], gz: bool, rng: random.Random) -> bytes:
    out = io.BytesIO()
    for url, body in pages:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        headers = [b"WARC/1.0", b"WARC-Type: response",
                   b"Content-Type: application/http; msgtype=response",
                   b"Content-Length: " + str(len(http)).encode()]
        if rng.random() < 0.9:
            headers.append(b"WARC-Target-URI: " + url.encode())
        record = b"\r\n".join(headers) + b"\r\n\r\n" + http + b"\r\n\r\n"
        out.write(gzip.compress(record) if gz else record)
    return out.getvalue()


def generate(rng: random.Random) -> tuple[str, bytes]:
    """One hostile file: (name, bytes)."""
    kind = rng.choice(["bytes", "txt", "html", "jsonl", "feed", "warc", "gz", "mutate",
                       "mutate", "nested"])
    text = hostile_text(rng, rng.randint(0, 200))
    if kind == "bytes":
        return rng.choice(["a.txt", "a.html", "a.jsonl", "a.xml", "a.warc", "a.gz"]), \
            rng.randbytes(rng.randint(0, 5000))
    if kind == "txt":
        return "a.txt", utf8(f"{text}\n\n{ARTICLE}\n\n{text}")
    if kind == "html":
        return "a.html", utf8(f"<html><head><title>{text[:80]}</title></head><body><article>"
                              f"<p>{ARTICLE}</p><p>{text}</p></article></body></html>")
    if kind == "jsonl":
        lines = [json.dumps({"url": f"https://x.example/{i}", "title": text[:60],
                             "text": ARTICLE + text}, ensure_ascii=rng.random() < 0.5)
                 for i in range(rng.randint(1, 4))]
        return "a.jsonl", utf8("\n".join(lines) + "\n")
    if kind == "feed":
        items = "".join(f"<item><title>{text[:40]}</title><link>https://x.example/{i}</link>"
                        f"<description>{ARTICLE} {text}</description></item>"
                        for i in range(rng.randint(0, 3)))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}'
        return "a.xml", utf8(body + ("</channel></rss>" if rng.random() < 0.7 else ""))
    if kind == "warc":
        pages = [(f"https://x.example/{i}", utf8(f"<html><body><p>{ARTICLE} {text}</p>"))
                 for i in range(rng.randint(1, 3))]
        data = warc(pages, rng.random() < 0.5, rng)
        if rng.random() < 0.4:
            data = data[: rng.randint(0, len(data))]
        return "a.warc", data
    if kind == "gz":
        name, inner = generate(rng)
        data = gzip.compress(inner)
        if rng.random() < 0.4:
            data = data[: rng.randint(0, len(data))]
        return name + ".gz", data
    if kind == "nested":
        depth = rng.choice([300, 3000, 30000])
        tag = rng.choice(["div", "span", "b", "table"])
        return "a.html", (f"<html><body>{'<' + tag + '>' * depth}<p>{ARTICLE}</p></body>"
                          "</html>").encode()
    seed = rng.choice(SEEDS)
    data = bytearray(seed.read_bytes())
    for _ in range(rng.randint(1, 20)):
        if not data:
            break
        op = rng.random()
        at = rng.randrange(len(data))
        if op < 0.4:
            data[at] = rng.randrange(256)
        elif op < 0.6:
            del data[at: at + rng.randint(1, 64)]
        elif op < 0.8:
            data[at:at] = utf8(rng.choice(TOKENS))
        else:
            data[at:at] = data[: rng.randint(0, 256)]
    return seed.name, bytes(data)


def run_one(path: Path, db: Path) -> tuple[int, int]:
    """read -> process -> store. Returns (documents, problems)."""
    from bilateral.model import Document, ReadProblem
    from bilateral.pipeline import process
    from bilateral.store import Store

    docs = problems = 0
    store = Store(db)
    try:
        with store.batch() as batch:
            for item in read_file(path):
                if isinstance(item, Document):
                    item = process(item)
                if isinstance(item, Document):
                    batch.add(item)
                    docs += 1
                elif isinstance(item, ReadProblem):
                    problems += 1
                else:
                    raise TypeError(f"reader gave {type(item).__name__}")
        store.merge()
    finally:
        store.close()
    return docs, problems


def where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "bilateral" in f.filename or "site-packages" in f.filename]
    last = frames[-1] if frames else None
    origin = f"{Path(last.filename).name}:{last.lineno}" if last else "?"
    message = re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", str(exc)))[:90]
    return f"{type(exc).__name__} at {origin}: {message}"


def campaign(seconds: float, seed: int, timeout: int, crashes: Path) -> dict:
    global read_file
    from bilateral.read import read_file

    rng = random.Random(seed)
    crashes.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGALRM, _alarm)
    findings: Counter[str] = Counter()
    examples: dict[str, str] = {}
    kinds: Counter[str] = Counter()
    tried = docs = problems = 0
    slowest = (0.0, "")
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        while time.monotonic() - start < seconds:
            name, data = generate(rng)
            path = Path(tmp) / name
            path.write_bytes(data)
            db = Path(tmp) / "f.db"
            for leftover in Path(tmp).glob("f.db*"):
                leftover.unlink()
            kinds[Path(name).suffix] += 1
            t = time.monotonic()
            signal.alarm(timeout)
            try:
                d, p = run_one(path, db)
                docs, problems = docs + d, problems + p
            except Timeout:
                key = f"over {timeout} s"
            except BaseException as exc:  # noqa: BLE001 - every escape is a finding
                if isinstance(exc, KeyboardInterrupt):
                    raise
                key = where(exc)
            else:
                key = None
            finally:
                signal.alarm(0)
            took = time.monotonic() - t
            if took > slowest[0]:
                slowest = (took, f"{name} ({len(data)} bytes)")
            tried += 1
            if key:
                findings[key] += 1
                if key not in examples:
                    digest = hashlib.sha1(data).hexdigest()[:12]
                    keep = crashes / f"{digest}-{name}"
                    keep.write_bytes(data)
                    examples[key] = str(keep)
    return {"engine": "random", "seconds": round(time.monotonic() - start, 1), "tried": tried,
            "documents": docs, "problems": problems, "findings": findings,
            "examples": examples, "slowest": slowest, "kinds": kinds, "seed": seed}


ATHERIS_TARGET = '''
import os, re, sys, traceback, atheris
with atheris.instrument_imports():
    from bilateral.model import Document
    from bilateral.pipeline import process
    from bilateral.read import read_file
import tempfile
from pathlib import Path
TMP = Path(tempfile.mkdtemp())
NAMES = ["a.txt", "a.html", "a.jsonl", "a.xml", "a.warc", "a.txt.gz", "a.warc.gz"]
LOG = open(os.environ["FUZZ_FINDINGS"], "a")
SEEN = set()

def one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    path = TMP / NAMES[fdp.ConsumeIntInRange(0, len(NAMES) - 1)]
    path.write_bytes(fdp.ConsumeBytes(len(data)))
    try:
        for item in read_file(path):
            if isinstance(item, Document):
                done = process(item)
                if isinstance(done, Document):
                    for s in (done.text, done.title or "", done.uri):
                        s.encode("utf-8")  # what sqlite3 needs to store it
    except Exception as exc:  # every escape is a finding; keep fuzzing (one log line each)
        frames = [f for f in traceback.extract_tb(exc.__traceback__)]
        at = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        key = f"{type(exc).__name__} at {at}"
        message = re.sub(r"[0-9]+", "N", re.sub(r"'[^']*'", "'…'", str(exc)))[:80]
        LOG.write(f"{key}: {message}\\t{path.name}\\n")
        LOG.flush()
        if key not in SEEN:
            SEEN.add(key)
            keep = Path(os.environ["FUZZ_CRASHES"]) / f"atheris-{len(SEEN)}-{path.name}"
            keep.write_bytes(path.read_bytes())

atheris.Setup(sys.argv, one)
atheris.Fuzz()
'''


def atheris_campaign(seconds: float, crashes: Path) -> dict:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return {"engine": "atheris", "error": "atheris is not installed (pip install atheris)"}
    import os

    crashes.mkdir(parents=True, exist_ok=True)
    corpus = Path(tempfile.mkdtemp(prefix="bilateral-atheris-"))
    for seed in SEEDS:
        (corpus / seed.name).write_bytes(seed.read_bytes()[:4000])
    log = corpus.parent / f"{corpus.name}.findings"
    env = {**os.environ, "FUZZ_FINDINGS": str(log), "FUZZ_CRASHES": str(crashes)}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", ATHERIS_TARGET, str(corpus), f"-max_total_time={int(seconds)}",
         "-rss_limit_mb=2048", "-timeout=20", f"-artifact_prefix={crashes}/",
         "-max_len=20000"], capture_output=True, text=True, env=env)
    out = proc.stdout + proc.stderr
    runs = 0
    for line in out.splitlines():
        if line.startswith("Done ") and " runs " in line:
            runs = int(line.split()[1])
    if not runs:
        execs = [ln for ln in out.splitlines() if ln.startswith("#") and "exec/s" in ln]
        runs = int(execs[-1].split()[0][1:]) if execs else 0
    findings: Counter[str] = Counter()
    examples: dict[str, str] = {}
    if log.exists():
        for line in log.read_text().splitlines():
            findings[line.split("\t")[0]] += 1
    for kept in sorted(crashes.glob("atheris-*")):
        examples.setdefault(kept.name, str(kept))
    if proc.returncode not in (0,) and "Done " not in out:
        findings[f"atheris stopped (exit {proc.returncode}): "
                 f"{out.strip().splitlines()[-1][:100]}"] += 1
    return {"engine": "atheris", "seconds": round(time.monotonic() - start, 1),
            "tried": runs, "findings": findings, "restarts": 1, "examples": {},
            "kept": sorted(examples.values())}


def report(result: dict, out: Path) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"\n## {now}: {result['engine']}, {result.get('seconds', 0)} s\n"]
    if "error" in result:
        lines.append(f"Not run: {result['error']}\n")
    else:
        rate = result["tried"] / max(result["seconds"], 1e-9)
        lines.append(f"- inputs tried: **{result['tried']}** ({rate:.1f}/s)")
        if result["engine"] == "random":
            lines.append(f"- seed {result['seed']}; documents stored {result['documents']}, "
                         f"ReadProblems {result['problems']}")
            lines.append(f"- slowest input: {result['slowest'][0]:.2f} s "
                         f"({result['slowest'][1]})")
            lines.append("- inputs by kind: " + ", ".join(
                f"{k or '(none)'} {n}" for k, n in result["kinds"].most_common()))
        else:
            lines.append("- inputs that raised are logged and fuzzing goes on; first input of "
                         "each kind kept: " + ", ".join(result.get("kept", [])))
        if result["findings"]:
            lines.append("\n| finding | inputs | example kept |\n|---|---|---|")
            for key, n in result["findings"].most_common():
                example = result["examples"].get(key, "")
                lines.append(f"| {key.replace('|', '/')} | {n} | {example} |")
        else:
            lines.append("- findings: none")
    text = "\n".join(lines) + "\n"
    if not out.exists():
        out.write_text("# Fuzzing campaigns (benchmarks/fuzz.py)\n\nEach run appends a "
                       "section. Findings are grouped by exception and the last frame.\n")
    with out.open("a") as f:
        f.write(text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--engine", choices=["random", "atheris"], default="random")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--timeout", type=int, default=20, help="seconds per input")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space cap")
    parser.add_argument("--crashes", type=Path,
                        default=Path(tempfile.gettempdir()) / "bilateral-fuzz-crashes")
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args()
    if args.engine == "atheris":
        result = atheris_campaign(args.seconds, args.crashes)
    else:
        limit = args.memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        result = campaign(args.seconds, args.seed, args.timeout, args.crashes)
    print(report(result, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
