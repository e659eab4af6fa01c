"""engines.images: image references and the judgements DKR202-DKR205 (and the YAML hooks) make."""
from __future__ import annotations

import pytest

from sechooks.engines import images
from sechooks.engines.images import ImageRef

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(("ref", "expected"), [
    ("nginx", ImageRef("nginx", None, None)),
    ("nginx:1.25", ImageRef("nginx", "1.25", None)),
    ("NGINX:Latest", ImageRef("nginx", "Latest", None)),
    (f"registry:5000/team/app:1.2@{DIGEST}", ImageRef("registry:5000/team/app", "1.2", DIGEST)),
    ("registry:5000/team/app", ImageRef("registry:5000/team/app", None, None)),
    (f"app@{DIGEST}", ImageRef("app", None, DIGEST)),
    ("docker.io/library/debian:${V}", ImageRef("docker.io/library/debian", "${V}", None, unknown=True)),
    ("registry:5000/base:1-${V}", ImageRef("registry:5000/base", "1-${V}", None, unknown=True)),
    ("debian:${V:-12}", ImageRef("debian", "${V:-12}", None, unknown=True)),
    ("nginx@sha256:${D}", ImageRef("nginx", None, "sha256:${D}", unknown=True)),
    ("debian:$V", ImageRef("debian", "$V", None, unknown=True)),
])
def test_parse(ref: str, expected: ImageRef) -> None:
    assert images.parse(ref) == expected


@pytest.mark.parametrize("ref", ["", " ", "nginx 1", "\n", "${REGISTRY}/app:1", "app${SUFFIX}:1", "$IMAGE", ":1.0", "@sha256:x"])
def test_parse_gives_none_when_there_is_no_knowable_name(ref: str) -> None:
    assert images.parse(ref) is None


@pytest.mark.parametrize(("ref", "registry", "repository"), [
    ("nginx", "docker.io", "library/nginx"),
    ("team/app:1", "docker.io", "team/app"),
    ("docker.io/nginx", "docker.io", "library/nginx"),
    ("index.docker.io/library/nginx", "docker.io", "library/nginx"),
    ("registry:5000/team/app:1.2", "registry:5000", "team/app"),
    ("localhost/app", "localhost", "app"),
    ("ghcr.io/acme/tool@" + DIGEST, "ghcr.io", "acme/tool"),
])
def test_registry_and_repository(ref: str, registry: str, repository: str) -> None:
    image = images.parse(ref)
    assert image is not None and (image.registry, image.repository) == (registry, repository)


@pytest.mark.parametrize(("ref", "expected"), [
    ("nginx", True), ("registry:5000/app", True), ("NGINX", True),
    ("nginx:1", False), ("nginx:latest", False), (f"nginx@{DIGEST}", False),
    ("nginx:${V}", False), ("${IMAGE}", False), ("", False), (None, False),
])
def test_untagged(ref: str | None, expected: bool) -> None:
    assert images.untagged(ref) is expected


@pytest.mark.parametrize(("ref", "expected"), [
    ("nginx:latest", True), ("registry:5000/app:latest", True),
    ("nginx", False), ("nginx:Latest", False), ("nginx:1", False), (f"nginx:latest@{DIGEST}", False),
    ("nginx:${LATEST}", False), ("", False),
])
def test_latest(ref: str, expected: bool) -> None:
    assert images.latest(ref) is expected


@pytest.mark.parametrize(("ref", "expected"), [
    (f"nginx@{DIGEST}", True), (f"registry:5000/team/app:1.2@{DIGEST}", True),
    ("nginx:1", False), ("nginx@sha256:abc", False), ("nginx@sha256:" + "A" * 64, False),
    ("nginx@sha512:" + "a" * 64, False), ("nginx@sha256:${D}", False), ("", False),
])
def test_pinned(ref: str, expected: bool) -> None:
    assert images.pinned(ref) is expected


def test_judgements_take_a_record_as_well_as_text() -> None:
    image = ImageRef("nginx", "latest", None)
    assert images.latest(image) and not images.untagged(image) and not images.pinned(image)
    assert not images.latest(ImageRef("nginx", "latest", None, unknown=True))


@pytest.mark.parametrize(("ref", "expected"), [
    ("scratch", True), ("SCRATCH", True),
    ("scratch:1", False), ("nginx", False), ("library/scratch", False), ("scratch${X}", False), ("", False),
])
def test_is_scratch(ref: str, expected: bool) -> None:
    assert images.is_scratch(ref) is expected


@pytest.mark.parametrize(("ref", "patterns", "expected"), [
    ("gcr.io/distroless/static:nonroot", ["gcr.io/distroless/*:nonroot*"], True),
    ("nginx:1", ["docker.io/library/nginx:*"], True),  # globs written against full names
    ("nginx:1", ["nginx:*"], True),
    ("nginx", ["nginx:*"], False),
    ("Nginx:1", ["nginx:1"], True),  # names are lower-cased; globs are case sensitive
    ("nginx:1", ["NGINX:1"], False),
    ("cgr.dev/chainguard/python:latest-dev", ["cgr.dev/chainguard/*"], False),
    ("cgr.dev/chainguard/python:latest", ["cgr.dev/chainguard/*"], True),
    ("gcr.io/distroless/static:${V}", ["gcr.io/distroless/*:nonroot*"], True),  # some tag may match
    ("debian:${V}", ["gcr.io/distroless/*:nonroot*"], False),
    ("nginx:1", [], False),
    ("", ["*"], False),
])
def test_matches_any(ref: str, patterns: list[str], expected: bool) -> None:
    assert images.matches_any(ref, patterns) is expected


@pytest.mark.parametrize(("ref", "extra", "expected"), [
    ("gcr.io/distroless/static-debian12:nonroot", (), True),
    ("gcr.io/distroless/base:debug-nonroot", (), True),
    ("gcr.io/distroless/static-debian12", (), False),
    ("docker.io/bitnami/redis:7", (), True),
    ("cgr.dev/chainguard/python:latest-dev", (), False),
    ("python:3.12", (), False),
    ("python:3.12", ("python:*",), True),
    ("ghcr.io/acme/base:1", ("ghcr.io/acme/*",), True),
])
def test_known_nonroot(ref: str, extra: tuple[str, ...], expected: bool) -> None:
    assert images.known_nonroot(ref, extra) is expected


def test_the_default_nonroot_globs_are_the_dockerfile_option_default() -> None:
    from sechooks.rules import dkr

    assert images.NONROOT_IMAGES == dkr.NONROOT_BASE_IMAGES


@pytest.mark.parametrize(("ref", "registries", "expected"), [
    ("nginx:1", ["docker.io/library"], True),
    ("nginx:1", ["docker.io"], True),
    ("nginx:1", ["index.docker.io/library"], True),
    ("team/app", ["docker.io/library"], False),
    ("ghcr.io/acme/app:1", ["ghcr.io/acme"], True),
    ("ghcr.io/acme/app:1", ["GHCR.IO/Acme/"], True),
    ("ghcr.io/acmecorp/app", ["ghcr.io/acme"], False),  # whole path parts only
    ("registry:5000/team/app:1.2", ["registry:5000"], True),
    ("registry:5000/team/app", ["registry"], False),
    ("docker.io/library/debian:${V}", ["docker.io/library"], True),  # the name is known
    ("${REGISTRY}/app", ["docker.io"], False),
    ("nginx", [], False),
    ("", ["docker.io"], False),
])
def test_from_registry(ref: str, registries: list[str], expected: bool) -> None:
    assert images.from_registry(ref, registries) is expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("debian:${V}", "debian"),
    ("registry:5000/base:1-${V}", "registry:5000/base"),
    ("Debian:${V}", "debian"),
    ("nginx@sha256:${D}", "nginx"),  # was `nginx@sha256` before it moved here
    ("${IMAGE}", None),
    ("registry:${PORT}/app:1", None),
    ("debian", None),
    ("", None),
])
def test_written_repository(raw: str, expected: str | None) -> None:
    assert images.written_repository(raw) == expected


@pytest.mark.parametrize(("ref", "expected"), [
    ("mcr.microsoft.com/windows/servercore:ltsc2022", True),
    ("mcr.microsoft.com/windows", True),
    ("mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022", True),
    ("mcr.microsoft.com/dotnet/sdk:8.0", False),
    ("debian:12", False),
])
def test_is_windows(ref: str, expected: bool) -> None:
    image = images.parse(ref)
    assert image is not None and image.is_windows() is expected
