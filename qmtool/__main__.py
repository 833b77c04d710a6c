"""`python -m qmtool`."""
from .cli import main

main()
