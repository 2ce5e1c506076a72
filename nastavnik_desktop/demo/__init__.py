"""The demo school: a realistic Russian school with a programme under way, to try the program on."""

from nastavnik_desktop.demo.builder import DemoOptions, DemoSummary, generate_demo

__all__ = ["DemoOptions", "DemoSummary", "generate_demo"]
