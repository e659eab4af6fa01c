"""`@record`: the part of `dataclasses` sechooks uses, at a fraction of the start-up cost.

Every hook process pays its imports on every commit. On the 2-core machines we
measure, `import dataclasses` costs ~15-30 ms (it pulls in `inspect`, `ast`,
`dis`, `tokenize`) and each `@dataclass` ~1.5 ms (it generates source and
`exec`s it); the hook path defines about forty record classes. `@record`
builds `__init__`, `__eq__`, `__hash__` and `__repr__` from closures instead:
same semantics for what we use (defaults, `default_factory`, `compare`,
`hash`, `repr`, `frozen`, `__post_init__`, inheritance, `replace`), and mypy
checks it like a dataclass through PEP 681.
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, TypeVar

if TYPE_CHECKING:
    from typing import dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorator: decorator

if TYPE_CHECKING:
    T = TypeVar("T")
_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    pass


class _Field:
    __slots__ = ("default", "factory", "compare", "hash", "repr")

    def __init__(self, default: Any, factory: Callable[[], Any] | None, compare: bool, hash: bool | None, repr: bool) -> None:
        self.default, self.factory = default, factory
        self.compare, self.hash, self.repr = compare, hash, repr


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    compare: bool = True,
    hash: bool | None = None,
    repr: bool = True,
) -> Any:
    """Like `dataclasses.field` (the subset sechooks uses)."""
    return _Field(default, default_factory, compare, hash, repr)


class _Spec:
    __slots__ = ("name", "default", "factory", "compare", "hash", "repr")

    def __init__(self, name: str, value: Any) -> None:
        self.name = name
        if isinstance(value, _Field):
            self.default, self.factory = value.default, value.factory
            self.compare, self.repr = value.compare, value.repr
            self.hash = value.compare if value.hash is None else value.hash
        else:
            self.default, self.factory = value, None
            self.compare = self.hash = self.repr = True


def _specs(cls: type) -> list[_Spec]:
    specs: dict[str, _Spec] = {}
    for base in reversed(cls.__mro__[1:]):
        for spec in getattr(base, "__record_fields__", ()):
            specs[spec.name] = spec
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, _MISSING)
        specs[name] = _Spec(name, value)
        if isinstance(value, _Field):
            if value.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value.default)
    return list(specs.values())


def _build(cls: type[T], frozen: bool) -> type[T]:
    specs = _specs(cls)
    names = tuple(s.name for s in specs)
    compared = tuple(s.name for s in specs if s.compare)
    hashed = tuple(s.name for s in specs if s.hash)
    shown = tuple(s.name for s in specs if s.repr)
    title = cls.__qualname__
    setter = object.__setattr__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(specs):
            raise TypeError(f"{title}() takes {len(specs)} arguments, {len(args)} given")
        for index, spec in enumerate(specs):
            if index < len(args):
                if spec.name in kwargs:
                    raise TypeError(f"{title}() got multiple values for {spec.name!r}")
                value = args[index]
            elif spec.name in kwargs:
                value = kwargs.pop(spec.name)
            elif spec.default is not _MISSING:
                value = spec.default
            elif spec.factory is not None:
                value = spec.factory()
            else:
                raise TypeError(f"{title}() missing argument {spec.name!r}")
            setter(self, spec.name, value)
        if kwargs:
            raise TypeError(f"{title}() got an unexpected argument {next(iter(kwargs))!r}")
        post = getattr(self, "__post_init__", None)
        if post is not None:
            post()

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in compared)

    def __repr__(self: Any) -> str:
        return f"{title}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in shown) + ")"

    namespace: dict[str, Any] = {"__init__": __init__, "__eq__": __eq__, "__repr__": __repr__}
    if frozen:
        def __setattr__(self: Any, name: str, value: Any) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:
            raise FrozenInstanceError(f"cannot delete field {name!r}")

        def __hash__(self: Any) -> int:
            return hash(tuple(getattr(self, n) for n in hashed))

        namespace.update(__setattr__=__setattr__, __delattr__=__delattr__, __hash__=__hash__)
    else:
        namespace["__hash__"] = None  # mutable and compared by value: not hashable
    own = cls.__dict__
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    for key, value in namespace.items():
        if key not in own or (key == "__hash__" and not explicit_hash):
            setattr(cls, key, value)
    setattr(cls, "__record_fields__", tuple(specs))
    setattr(cls, "__record_names__", names)
    return cls


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """Class decorator: `@record` or `@record(frozen=True)`."""
    def wrap(target: type[T]) -> type[T]:
        return _build(target, frozen)

    return wrap if cls is None else wrap(cls)


def replace(obj: T, **changes: Any) -> T:
    """A copy of a record with some fields changed (`dataclasses.replace`)."""
    names: tuple[str, ...] = getattr(obj, "__record_names__")
    values = {name: changes.pop(name) if name in changes else getattr(obj, name) for name in names}
    if changes:
        raise TypeError(f"unknown field {next(iter(changes))!r}")
    return obj.__class__(**values)  # type: ignore[call-arg]
