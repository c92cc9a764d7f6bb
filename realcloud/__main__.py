"""Entry point for `python -m realcloud`, kept separate so importing the package starts nothing."""

import sys

from .cli import main

sys.exit(main())
