"""`python -m pipeline` is the `ketluan` command."""

from pipeline.cli import main

main()
