"""The bundle's command line: `nastavnik-cli report pairs --db … --out …` and the rest."""

from nastavnik_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
