"""Data that leaves the school: the municipality report (aggregate, no names), named exports
(only on purpose, only with consent, only encrypted), writing verified files to a USB stick,
and the history of every file written for outside.

- `municipality` — the aggregate report: its data and its pinned XLSX/CSV layout.
- `named` — the bases and the pair list with names, gated by consent; `crypto` — the
  password rule and the encryption (ECMA-376 agile .xlsx, AES-256 zip).
- `stick` — one verified write to a removable drive or any folder (temporary file, fsync,
  rename, read back and compare SHA-256, manifest).
- `history` — the one writer of `export_record` rows.
"""
