"""`python -m cli …` runs the `assistant` command (as the console script does)."""

from cli import main

main()
