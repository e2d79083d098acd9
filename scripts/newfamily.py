"""Write the skeletons of a new CMS family, as city_scrapers_core's ``genspider`` does:

    python scripts/newfamily.py NAME          # or: make newfamily NAME=…

writes ``crawler/families/NAME.py`` (the crawler's module), ``farm/families/NAME.py`` (the
farm's portals of that family) and ``tests/crawler/test_family_NAME.py``, whose last test fails
until the author writes real ones.  Both registries (``crawler/families/__init__.py`` and
``farm/families/__init__.py``) find the new modules by themselves: no other file is edited.  \
Nothing is overwritten: an existing file stops the command.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "newfamily"
TARGETS = {  # template -> path under the repository root
    "crawler_family.py.tmpl": "crawler/families/{name}.py",
    "farm_family.py.tmpl": "farm/families/{name}.py",
    "test_family.py.tmpl": "tests/crawler/test_family_{name}.py",
}
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED = {"base", "scripts", "createpage", "xhr"}  # crawler/families modules that are no family


def check_name(name: str) -> str | None:
    """Why ``name`` cannot name a family module, or None."""
    if not NAME.match(name) or keyword.iskeyword(name):
        return f"{name!r} is not a module name (lower-case letters, digits, _)"
    if name in RESERVED:
        return f"{name!r} is a helper module of crawler/families, not a family"
    return None


def write_family(name: str, root: Path = ROOT) -> list[Path]:
    """Write the three skeletons; raise FileExistsError (writing nothing) if any exists."""
    problem = check_name(name)
    if problem:
        raise ValueError(problem)
    paths = {tmpl: root / target.format(name=name) for tmpl, target in TARGETS.items()}
    existing = [p for p in paths.values() if p.exists()]
    if existing:
        raise FileExistsError(", ".join(str(p) for p in existing))
    fields = {"name": name, "cls": "".join(part.title() for part in name.split("_"))}
    for tmpl, path in paths.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = Template((TEMPLATES / tmpl).read_text(encoding="utf-8")).substitute(fields)
        with open(path, "x", encoding="utf-8") as out:  # "x": never overwrite
            out.write(text)
    return list(paths.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/newfamily.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="the family's module name, as the crawler will log it")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this one)")
    args = parser.parse_args(argv)
    try:
        written = write_family(args.name, args.root)
    except FileExistsError as error:
        print(f"newfamily: already exists, nothing written: {error}", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"newfamily: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(
        "next: fill in both modules (both registries find them by themselves), "
        "replace the failing test, and give the farm family a weight"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
