"""`python -m cli` runs the `wijkdossier` command line."""

import sys

from cli.main import main

sys.exit(main())
