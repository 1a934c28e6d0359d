"""`python -m tui` does what the `revise` command does."""

import sys

from tui.cli import main

sys.exit(main())
