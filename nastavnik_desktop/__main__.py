from nastavnik_desktop.cli import main

raise SystemExit(main())
