from __future__ import annotations

import pytest

from sechooks.core.record import FrozenInstanceError, field, record, replace


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@record
class Box:
    items: list[int] = field(default_factory=list)
    label: str = "box"
    seen: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        self.seen += 1


@record
class Crate(Box):
    weight: int = 1


def test_init_defaults_and_factories() -> None:
    p = Point(1)
    assert (p.x, p.y, p.tags, p.note, p.extra) == (1, 0, (), "", {})
    assert Point(1, 2).y == 2 and Point(x=1, y=3).y == 3
    a, b = Box(), Box()
    a.items.append(1)
    assert b.items == []  # a fresh list each time


def test_argument_errors() -> None:
    with pytest.raises(TypeError, match="missing argument 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected argument 'z'"):
        Point(1, z=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values"):
        Point(1, x=2)  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 5 arguments"):
        Point(1, 2, (), "", {}, 6)  # type: ignore[call-arg]


def test_eq_and_hash_follow_compare_and_hash_flags() -> None:
    assert Point(1, note="a") == Point(1, note="b")
    assert hash(Point(1, extra={"k": "v"})) == hash(Point(1))
    assert Point(1) != Point(2)
    assert Point(1) != (1, 0)  # type: ignore[comparison-overlap]
    assert len({Point(1), Point(1, note="x"), Point(2)}) == 2


def test_frozen() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.x  # type: ignore[misc]


def test_mutable_records_are_unhashable_and_run_post_init() -> None:
    box = Box()
    assert box.seen == 1
    box.label = "changed"
    with pytest.raises(TypeError):
        hash(box)


def test_repr_skips_hidden_fields() -> None:
    assert repr(Box([1])) == "Box(items=[1], label='box')"


def test_inheritance_appends_fields() -> None:
    crate = Crate([1], "c", weight=5)
    assert (crate.items, crate.label, crate.weight, crate.seen) == ([1], "c", 5, 1)
    assert Crate() == Crate() and Crate() != Box()


def test_replace() -> None:
    p = Point(1, 2, note="n")
    q = replace(p, y=5)
    assert (q.x, q.y, q.note) == (1, 5, "n") and p.y == 2
    with pytest.raises(TypeError, match="unknown field 'z'"):
        replace(p, z=1)
