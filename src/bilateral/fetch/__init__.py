"""Fetching and watching: `bilateral ingest URL...` and `bilateral watch SOURCES_FILE`.

client.py is the polite, careful HTTP client; harvest.py turns what it fetches into
documents; sources.py reads SOURCES_FILE; seen.py keeps the watch's state in the database;
watch.py is the poll loop.
"""

from bilateral.fetch.client import FetchConfig, Fetcher, FetchError, Refused, is_http_url
from bilateral.fetch.harvest import ingest_urls
from bilateral.fetch.sources import Source, SourcesError, parse_sources, read_sources
from bilateral.fetch.watch import parse_interval, watch

__all__ = ["FetchConfig", "Fetcher", "FetchError", "Refused", "Source", "SourcesError",
           "ingest_urls", "is_http_url", "parse_interval", "parse_sources", "read_sources",
           "watch"]
