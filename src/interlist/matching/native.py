"""The matcher's compiled build: which modules are compiled, and the check that a
compiled build was made from the sources beside it.

``make install`` compiles the matcher's hot modules with mypyc
(``tools/compile_matcher.py``) into C extensions beside their sources; Python then
imports those instead. It is the same code, type-checked and compiled: the same
scores, about twice as fast (docs/matching.md). Without a build (a plain ``pip
install``) the sources run as they are. A build left over from other sources would
silently run old code, so importing the matcher refuses one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
# The modules compiled: every analysis and comparison runs through them.
MODULES = (
    "align",
    "bounds",
    "compare",
    "entity",
    "features",
    "keys",
    "model",
    "names",
    "text",
    "thin",
    "vocabulary",
)
STAMP = "compiled.sha256"  # the digest of the sources the build was made from


def source_digest(folder: Path = FOLDER) -> str:
    """A digest of the compiled modules' sources."""
    digest = hashlib.sha256()
    for name in MODULES:
        digest.update(name.encode() + (folder / f"{name}.py").read_bytes())
    return digest.hexdigest()


def built_files(folder: Path = FOLDER) -> list[Path]:
    """The compiled extension modules present beside the sources."""
    return sorted(p for name in MODULES for p in folder.glob(f"{name}.*.so"))


def is_compiled(folder: Path = FOLDER) -> bool:
    """Whether the matcher runs compiled (every module built, from these sources)."""
    return len(built_files(folder)) == len(MODULES) and _recorded(folder) == source_digest(folder)


def describe_build(folder: Path = FOLDER) -> str:
    """How the matcher runs, for benchmark reports."""
    return "compiled (mypyc)" if is_compiled(folder) else "uncompiled (sources)"


def check_build(folder: Path = FOLDER) -> None:
    """Refuse a compiled build made from other sources than those beside it."""
    built = built_files(folder)
    if built and _recorded(folder) != source_digest(folder):
        raise ImportError(
            f"{built[0]} was compiled from other sources than {folder}: rebuild it with "
            "`make install` (tools/compile_matcher.py), or delete the compiled files "
            f"({', '.join(p.name for p in built)}) to run the sources"
        )


def _recorded(folder: Path) -> str:
    stamp = folder / STAMP
    return stamp.read_text(encoding="utf-8").strip() if stamp.exists() else ""
