"""Starts «Наставник»: `python main.py [--db PATH]`."""

from nastavnik_desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
