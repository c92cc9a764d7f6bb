"""`python -m volimage_tui` runs the same command line as `volimage`."""

from .cli import main

raise SystemExit(main())
