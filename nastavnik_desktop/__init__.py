"""«Наставник» — the curator's desktop program for the school's target model of mentoring."""

__version__ = "0.1.0"
APP_NAME = "Наставник"
APP_ID = "nastavnik"
