"""The bundle's «Наставник» window (the double-click executable)."""

from nastavnik_desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
