"""The exit codes of the `revise` command, shared by the CLI and its subcommands."""

EXIT_OK = 0  # done
EXIT_FAILURE = 1  # a runtime failure: the progress store is locked, damaged or cannot be written
EXIT_USAGE = 2  # bad usage or input: an unknown option, a deck that does not load
EXIT_INTERRUPTED = 130  # ctrl+c: 128 + SIGINT, as shells report it
