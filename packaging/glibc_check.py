"""The highest glibc symbol version any file of a folder needs (the Linux bundle's oldest
supported system: glibc 2.28, Astra Linux SE 1.7).

    python packaging/glibc_check.py dist/nastavnik [--max 2.28]

Reads every ELF file's version needs (`.gnu.version_r`) with pyelftools, prints the highest
`GLIBC_` version and the files that need more than `--max`, and exits 1 when any does (without
`--max` it only reports).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

Version = tuple[int, ...]


def parse(text: str) -> Version:
    return tuple(int(part) for part in text.split("."))


def glibc_needs(path: Path) -> Version | None:
    """The highest GLIBC_x.y an ELF file asks for; None for other files or none asked."""
    try:
        with path.open("rb") as stream:
            if stream.read(4) != b"\x7fELF":
                return None
            stream.seek(0)
            elf = ELFFile(stream)
            found: list[Version] = []
            for section in elf.iter_sections():
                if not isinstance(section, GNUVerNeedSection):
                    continue
                for _needed, auxiliaries in section.iter_versions():
                    for aux in auxiliaries:
                        name = aux.name
                        if name.startswith("GLIBC_") and name[6:7].isdigit():
                            found.append(parse(name[6:]))
            return max(found, default=None)
    except (ELFError, OSError):
        return None


def scan(folder: Path) -> dict[Path, Version]:
    return {path: needed for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.is_symlink()
            and (needed := glibc_needs(path)) is not None}


def text(version: Version) -> str:
    return ".".join(map(str, version))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--max", type=parse, default=None,
                        help="the highest version allowed, e.g. 2.28")
    args = parser.parse_args(argv)
    needs = scan(args.folder)
    if not needs:
        print(f"{args.folder}: no ELF file asks for a GLIBC_ version")
        return 0
    highest = max(needs.values())
    print(f"highest GLIBC_ needed: {text(highest)} ({len(needs)} ELF files)")
    for path, version in sorted(needs.items(), key=lambda item: item[1], reverse=True)[:10]:
        print(f"  {text(version):>6}  {path.relative_to(args.folder)}")
    if args.max is not None:
        over = {path: v for path, v in needs.items() if v > args.max}
        if over:
            print(f"{len(over)} files need more than GLIBC_{text(args.max)}:")
            for path, version in sorted(over.items()):
                print(f"  {text(version):>6}  {path.relative_to(args.folder)}")
            return 1
        print(f"every file runs on glibc {text(args.max)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
