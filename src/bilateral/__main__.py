"""`python -m bilateral ...` runs the same command line as `bilateral ...`."""

import sys

from bilateral.cli import main

raise SystemExit(main(sys.argv[1:]))
