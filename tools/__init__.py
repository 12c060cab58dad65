"""Scripts for developers and operators (database set-up, catalogue checks): run by the
Makefile with `python -m tools.<name>`, not part of the installed application."""
