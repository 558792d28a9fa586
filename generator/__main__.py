"""Allow `python -m generator` as a synonym for the `bulletin` command."""

from generator.cli import main

raise SystemExit(main())
