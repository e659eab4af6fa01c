"""Test helpers: run one hook in-process on a file or on text, like the CLI does."""
from __future__ import annotations

import argparse
import importlib
import os
import re
from typing import Iterable, Iterator, Sequence

from sechooks.core import catalogue, cli, config as configuration, files

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")
EXPECT = re.compile(r"expect:\s*(?P<ids>[A-Z][A-Z0-9]{1,2}\d{3}(?:\s*,\s*[A-Z][A-Z0-9]{1,2}\d{3})*)")
_COMMENT_ONLY = re.compile(r"\s*(?:#|//|/\*|<!--|--|;)")


def hook_for(prefix: str) -> cli.Hook:
    module = importlib.import_module(catalogue.MODULES[prefix])
    hook: cli.Hook = module.HOOK
    return hook


def check(
    prefix: str,
    paths: Iterable[str],
    config: configuration.Config | None = None,
    enable: Iterable[str] = (),
    root: str | None = None,
) -> cli.Engine:
    """Run a family's hook on paths through the whole engine (suppression included, no baseline)."""
    hook = hook_for(prefix)
    config = configuration.with_args(config or configuration.Config(), enable=tuple(enable))
    root = root or os.getcwd()
    ctx = cli.make_context(hook, config, root, argparse.Namespace(verbose=False))
    engine = cli.Engine(config, root)
    engine.run(hook, ctx, (files.read_path(p, hook.max_bytes) for p in paths))
    engine.finish(use_baseline=False)
    return engine


def expected_pairs(path: str) -> set[tuple[str, int]]:
    """`expect: ID[,ID]` marks its own line; alone in a comment line it marks the next code line.

    A sibling `<file>.expect` (lines of `ID LINE`) is used instead when present
    (JSON has no comments).
    """
    sidecar = path + ".expect"
    if os.path.exists(sidecar):
        pairs = set()
        with open(sidecar, encoding="utf-8") as f:
            for raw in f:
                raw = raw.split("#", 1)[0].strip()
                if raw:
                    rule, line = raw.split()
                    pairs.add((rule, int(line)))
        return pairs
    with open(path, "rb") as f:
        lines = files.decode(f.read()).split("\n")
    pairs = set()
    for index, line in enumerate(lines):
        match = EXPECT.search(line)
        if not match:
            continue
        target = index + 1
        if _COMMENT_ONLY.match(line):
            target = next(
                (j + 1 for j in range(index + 1, len(lines))
                 if lines[j].strip() and not _COMMENT_ONLY.match(lines[j])),
                index + 2,
            )
        for rule in re.split(r"\s*,\s*", match.group("ids")):
            pairs.add((rule, target))
    return pairs


def fuzzed_variants(paths: Sequence[str], seed: int, alphabet: str, rounds: int = 6) -> Iterator[tuple[str, str]]:
    """(fixture path, mutated text) for the YAML hooks' no-crash tests: each fixture cut at a
    random point, with three characters swapped for syntax characters, and rotated."""
    import random

    rng = random.Random(seed)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for _ in range(rounds):
            cut = rng.randrange(len(text) + 1)
            chars = list(text)
            for _ in range(3):
                chars[rng.randrange(len(chars))] = rng.choice(alphabet)
            for variant in (text[:cut], "".join(chars), text[cut:] + text[:cut]):
                yield path, variant
