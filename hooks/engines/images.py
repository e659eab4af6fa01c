"""Container image references and the judgements rules make about them.

Shared by every hook that names an image (Dockerfile FROM, Kubernetes `image:`,
docker-compose `image:`, GitHub Actions `container:`/`docker://`). A reference is read as
Docker reads it: `[registry[:port]/]path[:tag][@digest]`, the name lower-cased. Every
judgement is a small pure function that takes the text or an `ImageRef`; none of them
reports on a reference whose tag or name a variable hides (a value we cannot know is
never a finding).
"""
from __future__ import annotations

import fnmatch
import re
from sechooks.core.record import record
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Iterable

_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
_WINDOWS_NAME = r"^mcr\.microsoft\.com/windows(/|$)|(^|/)(windows|servercore|nanoserver|windowsservercore)$"
_WINDOWS_TAG = r"(?i)nanoserver|servercore|windows"
_DOCKER_HUB = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})

# Globs of images that already run as a non-root user (the default of the Dockerfile hook's
# `nonroot_base_images` option; sechooks.rules.dkr.NONROOT_BASE_IMAGES holds the same list).
NONROOT_IMAGES: tuple[str, ...] = (
    "gcr.io/distroless/*:nonroot*",
    "gcr.io/distroless/*:*-nonroot*",
    "cgr.dev/chainguard/*",
    "*/bitnami/*",
)


@record(frozen=True)
class ImageRef:
    """One image reference: `name` lower-cased with its registry (`registry:5000/team/app`),
    `tag` and `digest` as written (None when absent). `unknown`: part of it was a variable
    (`$V`, `${V}`) the caller could not resolve; tag and digest then hold the raw text."""

    name: str
    tag: str | None
    digest: str | None
    unknown: bool = False

    @classmethod
    def parse(cls, ref: str) -> ImageRef:
        """A literal reference (no variables): `a/b:tag@sha256:…`. Never fails."""
        rest, _, digest = ref.partition("@")
        name, tag = rest, None
        head, sep, tail = rest.rpartition(":")
        if sep and "/" not in tail:
            name, tag = head, tail
        return cls(name.lower(), tag or None, digest or None)

    @property
    def registry(self) -> str:
        """`docker.io` for Docker Hub names (`nginx`, `team/app`), else the first part."""
        first = self.qualified().split("/", 1)[0]
        return "docker.io" if first in _DOCKER_HUB else first

    @property
    def repository(self) -> str:
        """The path under the registry: `library/nginx`, `team/app`."""
        rest = self.qualified().split("/", 1)[1]
        return f"library/{rest}" if self.registry == "docker.io" and "/" not in rest else rest

    def qualified(self) -> str:
        """`docker.io/library/…` form, for globs written against full names."""
        first = self.name.split("/", 1)[0]
        if "/" in self.name and ("." in first or ":" in first or first == "localhost"):
            return self.name
        return f"docker.io/{self.name}" if "/" in self.name else f"docker.io/library/{self.name}"

    def is_windows(self) -> bool:
        """A Windows base image (mcr.microsoft.com/windows…, servercore, nanoserver)."""
        return bool(re.search(_WINDOWS_NAME, self.name) or (self.tag and re.search(_WINDOWS_TAG, self.tag)))


if TYPE_CHECKING:
    Ref = str | ImageRef | None


def written_repository(raw: str) -> str | None:
    """The image name of `debian:${V}` or `registry:5000/base:1-${V}`: written literally,
    with only the tag or digest depending on a variable (lower-cased; None otherwise)."""
    head = raw[:raw.find("$")] if "$" in raw else raw
    cut = head.find("@") if "@" in head else head.rfind(":")  # a name holds no `@`
    if cut <= head.rfind("/") or "/" in raw[cut:]:  # `registry:${PORT}/app`: the port, not a tag
        return None
    return head[:cut].lower() or None


def parse(ref: str) -> ImageRef | None:
    """The reference in `ref`; None when it is empty, holds white space, or a variable hides
    the image name (`${REGISTRY}/app`, `app${SUFFIX}`). A variable in the tag or digest
    only (`debian:${V}`) gives a record with `unknown=True`."""
    if not ref or any(c.isspace() for c in ref):
        return None
    if "$" not in ref:
        image = ImageRef.parse(ref)
        return image if image.name else None
    name = written_repository(ref)
    if name is None:
        return None
    rest = ref[len(name):]  # `:tag@digest`, `:tag` or `@digest`, some of it a variable
    tag, _, digest = rest[1:].partition("@") if rest.startswith(":") else ("", "", rest[1:])
    return ImageRef(name, tag or None, digest or None, unknown=True)


def _known(ref: Ref) -> ImageRef | None:
    image = parse(ref) if isinstance(ref, str) else ref
    return image if image is not None and not image.unknown else None


def untagged(ref: Ref) -> bool:
    """No tag and no digest: Docker pulls `:latest`. False when the reference is unknown."""
    image = _known(ref)
    return image is not None and not image.tag and not image.digest


def latest(ref: Ref) -> bool:
    """The `latest` tag written out, and no digest. False when the reference is unknown."""
    image = _known(ref)
    return image is not None and image.tag == "latest" and not image.digest


def pinned(ref: Ref) -> bool:
    """Pinned by a full `@sha256:` digest (64 lower-case hex digits)."""
    image = parse(ref) if isinstance(ref, str) else ref
    return image is not None and image.digest is not None and _DIGEST.match(image.digest) is not None


def is_scratch(ref: Ref) -> bool:
    """The empty image `scratch` (any case, no tag or digest)."""
    image = _known(ref)
    return image is not None and image.name == "scratch" and not image.tag and not image.digest


def matches_any(ref: Ref, patterns: Iterable[str]) -> bool:
    """`name[:tag]` or its `docker.io/library/…` form matches one of the globs (fnmatch, case
    sensitive). A `cgr.dev/chainguard/…` glob never matches a tag holding `-dev` (those
    images run as root). With an unknown tag: whether some tag of the repository may
    match (each glob's name part against the name)."""
    image = parse(ref) if isinstance(ref, str) else ref
    if image is None:
        return False
    if image.unknown:
        for pattern in patterns:
            head, sep, tail = pattern.rpartition(":")
            name_pattern = head if sep and "/" not in tail else pattern
            if fnmatch.fnmatchcase(image.name, name_pattern) or fnmatch.fnmatchcase(image.qualified(), name_pattern):
                return True
        return False
    tag = f":{image.tag}" if image.tag else ""
    for pattern in patterns:
        if fnmatch.fnmatchcase(image.name + tag, pattern) or fnmatch.fnmatchcase(image.qualified() + tag, pattern):
            if pattern.startswith("cgr.dev/chainguard/") and image.tag and "-dev" in image.tag:
                continue
            return True
    return False


def known_nonroot(ref: Ref, extra_patterns: Iterable[str] = ()) -> bool:
    """An image known to run as a non-root user: `NONROOT_IMAGES` plus `extra_patterns`
    (see `matches_any`; with an unknown tag, True when some tag may be such an image)."""
    return matches_any(ref, tuple(dict.fromkeys((*NONROOT_IMAGES, *extra_patterns))))


def from_registry(ref: Ref, registries: Iterable[str]) -> bool:
    """`registry/repository` is one of the prefixes or under one (case-insensitive, whole
    path parts): `docker.io/library` takes `nginx`, `ghcr.io/acme` takes
    `ghcr.io/acme/app:1` but not `ghcr.io/acmecorp/app`. Docker Hub is `docker.io`."""
    image = parse(ref) if isinstance(ref, str) else ref
    if image is None:
        return False
    full = f"{image.registry}/{image.repository}"
    for prefix in registries:
        wanted = prefix.strip().rstrip("/").lower()
        host, slash, path = wanted.partition("/")
        if host in _DOCKER_HUB:
            wanted = "docker.io" + slash + path
        if wanted and (full == wanted or full.startswith(wanted + "/")):
            return True
    return False
