"""sechooks-dockerfile: parsing model, rule edge cases and the command line."""
from __future__ import annotations

import json
import os

import pytest

from sechooks import dockerfile as d
from sechooks.core import config as configuration
from tests.harness import TESTDATA, check

DIGEST = "sha256:" + "a3" * 32


def findings(tmp_path: os.PathLike[str], text: str, enable: tuple[str, ...] = (), name: str = "Dockerfile",
             config: configuration.Config | None = None) -> list[tuple[str, int]]:
    path = os.path.join(tmp_path, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    engine = check("DKR", [path], config, enable=enable, root=str(tmp_path))
    assert not engine.errors
    return sorted((r.finding.rule, r.finding.line) for r in engine.report.findings)


def rules_of(tmp_path: os.PathLike[str], text: str, rule: str, **kw: object) -> list[int]:
    return [line for r, line in findings(tmp_path, text, enable=(rule,), **kw) if r == rule]  # type: ignore[arg-type]


# --- pure helpers -------------------------------------------------------------

@pytest.mark.parametrize(("path", "expected"), [
    ("Dockerfile", True), ("src/Dockerfile", True), ("Dockerfile.prod", True), ("api.Dockerfile", True),
    ("x/api.dockerfile", True), ("Containerfile", True), ("Containerfile.dev", True),
    ("Dockerfile.dockerignore", False), (".dockerignore", False), ("Dockerfiles/readme.md", False),
    ("notDockerfile", False), ("docker-compose.yml", False),
])
def test_is_dockerfile(path: str, expected: bool) -> None:
    assert d.is_dockerfile(path) is expected


@pytest.mark.parametrize(("ref", "name", "tag", "digest"), [
    ("ubuntu", "ubuntu", None, None),
    ("ubuntu:22.04", "ubuntu", "22.04", None),
    ("localhost:5000/app", "localhost:5000/app", None, None),
    ("localhost:5000/app:1", "localhost:5000/app", "1", None),
    ("Registry.Example.com:443/Team/App:V1", "registry.example.com:443/team/app", "V1", None),
    (f"nginx:latest@{DIGEST}", "nginx", "latest", DIGEST),
    (f"nginx@{DIGEST}", "nginx", None, DIGEST),
])
def test_image_ref(ref: str, name: str, tag: str | None, digest: str | None) -> None:
    assert d.ImageRef.parse(ref) == d.ImageRef(name, tag, digest)


@pytest.mark.parametrize(("ref", "qualified"), [
    ("python", "docker.io/library/python"),
    ("bitnami/nginx", "docker.io/bitnami/nginx"),
    ("gcr.io/distroless/static", "gcr.io/distroless/static"),
    ("localhost/app", "localhost/app"),
])
def test_image_ref_qualified(ref: str, qualified: str) -> None:
    assert d.ImageRef.parse(ref).qualified() == qualified


@pytest.mark.parametrize(("user", "windows", "root"), [
    ("root", False, True), ("0", False, True), ("00", False, True), ("root:root", False, True),
    ("0:0", False, True), ("root:1000", False, True), ('"root"', False, True), (" root ", False, True),
    ("1000:0", False, False), ("app", False, False), ("65532", False, False), ("ROOT", False, False),
    ("app:root", False, False), ("", False, False), ("²", False, False), ("0x0", False, False),
    ("ContainerAdministrator", True, True), ("containeradministrator", True, True),
    ("ContainerAdministrator", False, False), ("ContainerUser", True, False),
])
def test_is_root(user: str, windows: bool, root: bool) -> None:
    assert d.is_root(user, windows) is root


@pytest.mark.parametrize(("value", "env", "expected"), [
    ("$A", {"A": "x"}, "x"),
    ("${A}b", {"A": "x"}, "xb"),
    ("${A:-d}", {}, "d"),
    ("${A:-d}", {"A": ""}, "d"),
    ("${A-d}", {"A": ""}, ""),
    ("${A:-d}", {"A": d.UNKNOWN}, "d"),
    ("${A:+alt}", {"A": "x"}, "alt"),
    ("${A:+alt}", {"A": ""}, ""),
    ("${A+alt}", {"A": ""}, "alt"),
    ("${A:+alt}", {"A": d.UNKNOWN}, d.UNKNOWN),
    ("$A", {}, d.UNKNOWN),
    ("$A", {"A": d.UNKNOWN}, d.UNKNOWN),
    ("${A:?required}", {"A": "x"}, d.UNKNOWN),
    ("\\$A", {}, "$A"),
    ("plain", {}, "plain"),
    ("$1 and $", {}, "$1 and $"),
])
def test_expand(value: str, env: d.Env, expected: object) -> None:
    assert d.expand(value, env) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ('"$A"', "x"), ("'$A'", "$A"), ('"a b"', "a b"), ("pre'$A'$A", "pre$Ax"), ("a\\ b", "a b"),
])
def test_expand_word(word: str, expected: str) -> None:
    assert d.expand_word(word, {"A": "x"}) == expected


@pytest.mark.parametrize(("keyword", "value", "expected"), [
    ("ARG", "A=1 B", [("A", "1"), ("B", None)]),
    ("ARG", "A B", [("A", None), ("B", None)]),
    ("ENV", 'A=1 B="x y"', [("A", "1"), ("B", '"x y"')]),
    ("ENV", "A value with spaces", [("A", "value with spaces")]),
    ("ENV", "A=a\\ b C=", [("A", "a\\ b"), ("C", "")]),
])
def test_assignments(keyword: str, value: str, expected: list[tuple[str, str | None]]) -> None:
    assert d.assignments(keyword, value) == expected


def test_strip_flags() -> None:
    flags, rest = d.strip_flags("--mount=type=secret,id=npm --mount=type=cache,target=/c --network=host npm ci")
    assert flags == (("mount", "type=secret,id=npm"), ("mount", "type=cache,target=/c"), ("network", "host"))
    assert rest == "npm ci"
    assert d.strip_flags('--chown="app:app" --link src /dst') == ((("chown", "app:app"), ("link", "")), "src /dst")


def test_parse_lines_heredocs_and_continuations() -> None:
    text = (
        "# syntax=docker/dockerfile:1\n"
        "FROM alpine:3.20\n"
        "RUN <<EOF\n#!/bin/sh\necho hi\nEOF\n"
        "RUN a \\\n  # comment\n\n  && b\n"
        "COPY <<A <<B /dst/\none\nA\ntwo\nB\n"
        "USER app"
    )
    instructions, problems = d.parse(text)
    assert problems == []
    got = [(i.keyword, i.line, i.end_line) for i in instructions]
    assert got == [("FROM", 2, 2), ("RUN", 3, 6), ("RUN", 7, 10), ("COPY", 11, 15), ("USER", 16, 16)]
    assert instructions[1].heredocs == ("#!/bin/sh\necho hi",)
    assert " ".join(instructions[2].value.split()) == "a && b"
    assert instructions[3].heredocs == ("one", "two")


def test_parse_escape_directive() -> None:
    instructions, problems = d.parse("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\ `\n  && echo x\n")
    assert problems == []
    assert [(i.keyword, i.line, i.end_line) for i in instructions] == [("FROM", 2, 2), ("RUN", 3, 4)]


def test_dash_heredoc_strips_tabs() -> None:
    instructions, problems = d.parse("FROM a:1\nRUN <<-EOT sh\n\techo\n\tEOT\nUSER app\n")
    assert problems == [] and instructions[-1].keyword == "USER" and instructions[-1].line == 5


@pytest.mark.parametrize("run", ['RUN echo "<<EOF"', "RUN echo '<<EOF' > x", "RUN echo a<<EOF"])
def test_quoted_or_glued_marker_is_not_a_heredoc(run: str) -> None:
    instructions, problems = d.parse(f"FROM a:1\n{run}\nUSER app\n")
    assert problems == [] and [i.keyword for i in instructions] == ["FROM", "RUN", "USER"]


def test_here_string_is_not_a_heredoc() -> None:
    instructions, problems = d.parse("FROM a:1\nRUN cat <<<word\nUSER app\n")
    assert problems == [] and [i.keyword for i in instructions] == ["FROM", "RUN", "USER"]


def test_stage_scopes() -> None:
    instructions, _ = d.parse(
        "ARG G=global\nARG TAG=1\nFROM img:${TAG} AS base\nENV E=e1\nARG G\nARG L=local-$G\n"
        "FROM base AS final\nENV F=${E}-f\nARG L\n",
    )
    stages = d.build_stages(instructions)
    base, final = stages
    assert base.ref == "img:1" and base.via_args == ("TAG",)
    assert dict(base.scope().items()) == {"E": "e1", "G": "global", "L": "local-global"}
    assert final.parent is base
    assert dict(final.scope().items()) == {"E": "e1", "F": "e1-f", "L": d.UNKNOWN}
    assert dict(final.image_env().items()) == {"E": "e1", "F": "e1-f"}
    assert d.shipped_chain(stages) == [final, base]
    assert d.shipped_chain(stages, "BASE") == [base]


# --- DKR201 / DKR202: the user ------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ("FROM alpine:3\nUSER root\n", [2]),
    ("FROM alpine:3\nUSER app\nUSER root\n", [3]),
    ("FROM alpine:3\nUSER root\nUSER app\n", []),
    ("FROM golang:1 AS build\nUSER root\nFROM alpine:3\nUSER app\n", []),
    ("FROM golang:1 AS build\nUSER app\nFROM alpine:3\nUSER root\n", [4]),
    ("FROM alpine:3 AS build\nUSER root\nFROM build AS final\nRUN true\n", [2]),
    ("FROM alpine:3 AS build\nUSER app\nFROM build AS final\n", []),
    ("FROM alpine:3 AS a\nUSER root\nFROM a AS b\nFROM b\n", [2]),
    ("ARG RUNUSER=root\nFROM alpine:3\nARG RUNUSER\nUSER ${RUNUSER}\n", [4]),
    ("FROM alpine:3\nARG RUNUSER=root\nUSER ${RUNUSER}\n", [3]),
    ("FROM alpine:3\nARG RUNUSER\nUSER $RUNUSER\n", []),
    ("FROM alpine:3\nENV RUNUSER=0\nUSER $RUNUSER:$RUNUSER\n", [3]),
    ("FROM alpine:3 AS a\nENV U=root\nFROM a\nUSER $U\n", [4]),
    ("FROM alpine:3\nUSER app\nONBUILD USER root\n", []),
    ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n", [2]),
    ("FROM mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022\nUSER ContainerAdministrator\n", [2]),
    ("FROM python:3.12-windowsservercore\nUSER containeradministrator\n", [2]),
    ("FROM alpine:3\nUSER ContainerAdministrator\n", []),
])
def test_final_user_root(tmp_path: os.PathLike[str], body: str, expected: list[int]) -> None:
    assert rules_of(tmp_path, body, "DKR201") == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("FROM node:22\nCMD node\n", [1]),
    ("FROM golang:1 AS b\nUSER app\nFROM alpine:3\n", [3]),
    ("FROM alpine:3 AS b\nUSER app\nFROM b\n", []),
    ("FROM gcr.io/distroless/static-debian12:nonroot\n", []),
    ("FROM gcr.io/distroless/static-debian12:debug-nonroot\n", []),
    ("FROM gcr.io/distroless/static-debian12\n", [1]),
    ("FROM cgr.dev/chainguard/node:latest\n", []),
    ("FROM cgr.dev/chainguard/node:latest-dev\n", [1]),
    ("FROM bitnami/redis:7.2\n", []),
    ("FROM quay.io/bitnami/redis:7.2\n", []),
    ("ARG B\nFROM $B\n", []),
    ("ARG V\nFROM debian:${V}\n", [2]),
    ("ARG V\nFROM gcr.io/distroless/static:${V}\n", []),
    ("ARG PORT\nFROM registry:${PORT}/app:1\n", []),  # the port is unknown, not the tag
    ("ARG X=1\n", []),
    ("", []),
])
def test_final_user_unset(tmp_path: os.PathLike[str], body: str, expected: list[int]) -> None:
    assert rules_of(tmp_path, body, "DKR202") == expected


def test_unknown_digest_names_the_repository(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = os.path.join(tmp_path, "Dockerfile")
    with open(path, "w") as f:
        f.write("ARG D\nFROM nginx@sha256:${D}\n")
    d.main([path, "--disable", "DKR206"])
    out = capsys.readouterr().out
    assert "DKR202" in out and "default user of 'nginx' whatever the tag" in out


def test_scratch_message_suggests_numeric_user(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = os.path.join(tmp_path, "Dockerfile")
    with open(path, "w") as f:
        f.write("FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n")
    assert d.main([path, "--disable", "DKR206"]) == 1
    out = capsys.readouterr().out
    assert "DKR202" in out and "65532:65532" in out


# --- DKR203 / DKR204 / DKR205: base images ---------------------------------------

@pytest.mark.parametrize(("body", "e203", "e204"), [
    ("FROM ubuntu\n", [1], []),
    ("FROM ubuntu:22.04\n", [], []),
    (f"FROM ubuntu@{DIGEST}\n", [], []),
    ("FROM localhost:5000/app\n", [1], []),
    ("FROM localhost:5000/app:1\n", [], []),
    ("FROM scratch\n", [], []),
    ("FROM golang:1 AS build\nFROM build\nFROM BUILD\n", [], []),
    ("ARG BASE=python\nFROM ${BASE}\n", [2], []),
    ("ARG BASE=python:3.12\nFROM ${BASE}\n", [], []),
    ("ARG BASE\nFROM ${BASE}\n", [], []),
    ("ARG PY=3.12\nFROM python:${PY}\n", [], []),
    ("FROM alpine:3 AS a\nARG PY=3.12\nFROM python:${PY}\n", [], []),
    ("FROM alpine:3 AS a\nARG IMG=python\nFROM ${IMG}\n", [], []),
    ("FROM --platform=$BUILDPLATFORM node AS x\n", [1], []),
    ("FROM nginx:latest\n", [], [1]),
    (f"FROM nginx:latest@{DIGEST}\n", [], []),
    ("ARG T=latest\nFROM nginx:$T\n", [], [2]),
    ("FROM nginx:Latest\n", [], []),
    ("FROM golang AS b\nFROM nginx:latest AS c\nFROM alpine:3\n", [1], [2]),
])
def test_base_image_tags(tmp_path: os.PathLike[str], body: str, e203: list[int], e204: list[int]) -> None:
    got = findings(tmp_path, body)
    assert [line for rule, line in got if rule == "DKR203"] == e203
    assert [line for rule, line in got if rule == "DKR204"] == e204


def test_arg_resolved_base_is_named_in_message(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = os.path.join(tmp_path, "Dockerfile")
    with open(path, "w") as f:
        f.write("ARG BASE=python\nFROM ${BASE}\nUSER 1\nHEALTHCHECK NONE\n")
    assert d.main([path]) == 1
    out = capsys.readouterr().out
    assert "Dockerfile:2:1: DKR203" in out and "ARG BASE" in out


@pytest.mark.parametrize(("body", "expected"), [
    ("FROM python:3.12\n", [1]),
    (f"FROM python:3.12@{DIGEST}\n", []),
    ("FROM python@sha256:abc\n", [1]),
    ("FROM scratch\nFROM 0\n", []),
])
def test_digest_pinning_is_opt_in(tmp_path: os.PathLike[str], body: str, expected: list[int]) -> None:
    assert rules_of(tmp_path, body, "DKR205") == expected
    assert "DKR205" not in [rule for rule, _ in findings(tmp_path, body)]


# --- DKR206 ---------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ("FROM nginx:1\n", [1]),
    ("FROM nginx:1\nHEALTHCHECK NONE\n", []),
    ("FROM nginx:1\nhealthcheck --interval=5s CMD true\n", []),
    ("FROM nginx:1 AS b\nHEALTHCHECK CMD true\nFROM alpine:3\n", [3]),
    ("FROM nginx:1 AS b\nHEALTHCHECK CMD true\nFROM b\n", []),
    ("FROM scratch\nCOPY data /data\n", []),
    ("FROM scratch\nCMD [\"/app\"]\n", [1]),
    ("FROM scratch AS s\nENTRYPOINT [\"/app\"]\nFROM s\n", [3]),
    ("FROM nginx:1\nONBUILD HEALTHCHECK CMD true\n", [1]),
])
def test_healthcheck(tmp_path: os.PathLike[str], body: str, expected: list[int]) -> None:
    assert rules_of(tmp_path, body, "DKR206") == expected


def test_target_stage_option(tmp_path: os.PathLike[str]) -> None:
    body = "FROM alpine:3 AS release\nUSER root\nFROM alpine:3 AS test\nUSER app\nHEALTHCHECK NONE\n"
    assert rules_of(tmp_path, body, "DKR201") == []
    config = configuration.from_mapping({"dkr": {"target_stage": "Release"}}, "test")
    got = findings(tmp_path, body, config=config)
    assert ("DKR201", 2) in got and ("DKR206", 1) in got


# --- suppression and compatibility pragmas ----------------------------------------

@pytest.mark.parametrize("pragma", [
    "# sechooks: ignore[DKR201] -- entrypoint drops privileges",
    "# sechooks: ignore",
    "# hadolint ignore=DL3002",
    "# hadolint ignore=DL3006,DL3002",
    "#checkov:skip=CKV_DOCKER_8:reason",
])
def test_pragmas_suppress_dkr201(tmp_path: os.PathLike[str], pragma: str) -> None:
    assert rules_of(tmp_path, f"FROM alpine:3\n{pragma}\nUSER root\n", "DKR201") == []


@pytest.mark.parametrize("pragma", [
    "# sechooks: ignore[DKR203]",
    "# hadolint ignore=DL3006",
    "# hadolint ignore=DL4006",
])
def test_pragmas_for_other_rules_do_not_suppress(tmp_path: os.PathLike[str], pragma: str) -> None:
    assert rules_of(tmp_path, f"FROM alpine:3\n{pragma}\nUSER root\n", "DKR201") == [3]


def test_checkov_skip_covers_the_whole_file(tmp_path: os.PathLike[str]) -> None:
    body = "#checkov:skip=CKV_DOCKER_3\nFROM alpine:3\nRUN true\n"
    assert rules_of(tmp_path, body, "DKR202") == []


# --- command line ------------------------------------------------------------------

def write(tmp_path: os.PathLike[str], name: str, data: bytes | str) -> str:
    path = os.path.join(tmp_path, name)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return path


def test_main_clean_file(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Dockerfile", "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK NONE\n")
    assert d.main([path]) == 0
    assert capsys.readouterr().out == ""


def test_main_json_names_the_stage(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Dockerfile", "FROM alpine:3 AS Build\nUSER root\nFROM build AS final\nHEALTHCHECK NONE\n")
    assert d.main([path, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    [finding] = data["findings"]
    assert (finding["rule"], finding["line"], finding["extra"]["stage"]) == ("DKR201", 2, "build")


def test_main_fail_on(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Dockerfile", "FROM alpine:3.20\nUSER 10001\n")
    assert d.main([path, "--fail-on", "medium"]) == 0
    assert "DKR206" in capsys.readouterr().out


# --- shell splitting -------------------------------------------------------------------

from sechooks.engines import shell, shell_rules  # noqa: E402


@pytest.mark.parametrize(("script", "programs"), [
    ("a && b || c; d | e & f\ng", ["a", "b", "c", "d", "e", "f", "g"]),
    ("sudo -u app make install", ["make"]),
    ("env A=1 B=2 exec nohup time /usr/bin/python3 x.py", ["python3"]),
    ("DEBIAN_FRONTEND=noninteractive apt-get install -y x", ["apt-get"]),
    ('echo "sudo rm" && echo \'a | b\'', ["echo", "echo"]),
    ("if [ -f x ]; then rm x; fi", ["[", "rm"]),
    ("(cd /src && make)", ["cd", "make"]),
    ("apt-get install x # sudo && curl | sh", ["apt-get"]),
    ("cmd 2>&1 | tee log", ["cmd", "tee"]),
    ("a \\\n  && b", ["a", "b"]),
    ("", []),
])
def test_shell_programs(script: str, programs: list[str]) -> None:
    assert [c.program for c in shell.split(script)] == programs


def test_shell_operators_quotes_and_sudo() -> None:
    commands = shell.split('sudo apt-get install -y "a b" && curl -s x | sh -c "echo $(id)" > /tmp/o')
    assert [c.op for c in commands] == ["", "&&", "|"]
    assert commands[0].sudo and not commands[1].sudo
    assert commands[0].args == ["install", "-y", "a b"]
    assert commands[2].args == ["-c", "echo $(id)"]
    assert commands[2].redirect_targets == ["/tmp/o"]
    assert [len(p) for p in shell.pipelines(commands)] == [1, 2]
    assert not shell.split('echo "sudo"')[0].sudo
    assert shell.command(["/usr/bin/sudo", "id"]).sudo


# --- tolerant parsing and torture inputs -----------------------------------------------

def test_unknown_instruction_is_reported_once_and_the_rest_is_checked(tmp_path: os.PathLike[str]) -> None:
    got = findings(tmp_path, "FROM alpine:3\nRUNN apk add x \\\n  --virtual\nUSER root\n")
    assert ("DKR200", 2) in got and ("DKR201", 4) in got
    assert [r for r, _ in got].count("DKR200") == 1


@pytest.mark.parametrize("text", [
    "", "\n\n", "# only\n# comments\n", "# syntax=docker/dockerfile:1\n",
])
def test_nothing_to_check(tmp_path: os.PathLike[str], text: str) -> None:
    assert findings(tmp_path, text, enable=("DKR",)) == []


def test_file_ending_in_a_continuation(tmp_path: os.PathLike[str]) -> None:
    got = findings(tmp_path, "FROM alpine:3\nUSER root \\")
    assert ("DKR201", 2) in got and not any(r == "DKR200" for r, _ in got)


def test_buildkit_syntax_is_understood(tmp_path: os.PathLike[str]) -> None:
    text = (
        "# syntax=docker/dockerfile:1.7\n"
        "ARG BASE=debian:12-slim\n"
        "FROM --platform=$BUILDPLATFORM ${BASE} AS build\n"
        "RUN --mount=type=secret,id=npm,env=NPM_TOKEN --mount=type=cache,target=/root/.npm \\\n"
        "    # a comment inside the continuation\n"
        "    npm ci\n"
        "RUN <<EOF1 bash -e <<EOF2\n"
        "echo one\n"
        "EOF1\n"
        "echo two\n"
        "EOF2\n"
        "COPY --chown=app:app --link <<EOF /etc/app.conf\n"
        "key = value\n"
        "EOF\n"
        'CMD ["node", "server.js"]\n'
        "entrypoint node server.js\n"
        "FROM build\n"
        "USER 10001\n"
        "HEALTHCHECK NONE\n"
    )
    assert findings(tmp_path, text, enable=("DKR",)) == [("DKR205", 3)]


def test_heredoc_body_is_the_run_script(tmp_path: os.PathLike[str]) -> None:
    text = "FROM alpine:3\nRUN <<EOF\nset -e\nsudo true\nEOF\nRUN python3 <<EOF\nprint('sudo')\nEOF\nUSER 1\n"
    assert rules_of(tmp_path, text, "DKR213") == [2]


def test_escape_directive_backtick(tmp_path: os.PathLike[str]) -> None:
    text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\ `\n    && echo x\nUSER ContainerAdministrator\n"
    got = findings(tmp_path, text)
    assert ("DKR201", 5) in got and not any(r == "DKR200" for r, _ in got)


def test_binary_file_is_skipped_with_a_notice(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Dockerfile", b"FROM alpine\x00\x01\x02" * 100)
    assert d.main([path]) == 0
    assert capsys.readouterr().out == ""
    assert d.main([path, "-v"]) == 0  # binary skips are said under -v only (#13.11)
    captured = capsys.readouterr()
    assert captured.out == "" and "skipped" in captured.err and "binary" in captured.err


def test_non_utf8_file_is_checked(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Dockerfile", b"FROM alpine:3\nLABEL author=\"M\xfcller\"\nUSER root\n")
    assert d.main([path, "--disable", "DKR206"]) == 1
    assert "DKR201" in capsys.readouterr().out


def test_five_megabyte_file_completes(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["FROM debian:12-slim AS build", "RUN apt-get install -y \\"]
    lines += [f"    package-{n}=1.{n} \\" for n in range(70_000)]
    lines += ["    && true", "COPY <<EOF /data.txt"]
    lines += [f"row {n} " + "x" * 60 for n in range(44_000)]
    lines += ["EOF"]
    lines += [f"RUN echo {n} | cat\nENV V{n}=$V{n - 1}-x" for n in range(2_000)]
    lines += ["FROM build", "USER root", "HEALTHCHECK NONE"]
    text = "\n".join(lines) + "\n"
    assert len(text) > 5_000_000
    path = write(tmp_path, "Dockerfile", text)
    assert d.main([path, "--disable", "DKR220"]) == 1
    out = capsys.readouterr().out
    user_line = text.split("\n").index("USER root") + 1
    assert f"Dockerfile:{user_line}:1: DKR201" in out


# --- DKR207 / DKR208 ------------------------------------------------------------------

FAKE = "Qm9vb3RzdHJhcDEyMzQ1Njc4OQx"


@pytest.mark.parametrize(("line", "fires"), [
    (f"ENV GITHUB_TOKEN={FAKE}", True),
    (f"ENV GITHUB_TOKEN {FAKE}", True),
    (f"ARG API_KEY={FAKE}", True),
    (f"ENV REACT_APP_OPENAI_API_KEY={FAKE}", True),
    (f"ENV dbPassword='{FAKE}'", True),
    (f"ENV A=1 CLIENT_SECRET={FAKE}", True),
    ("ENV DB_PASSWORD=${DB_PASSWORD}", False),
    ("ENV DB_PASSWORD=changeme", False),
    ("ENV API_KEY=<your-key>", False),
    ("ENV API_KEY=aaaaaaaaaaaa", False),
    ("ENV API_KEY=1234567890", False),
    ("ENV API_KEY=", False),
    ("ARG API_KEY", False),
    (f"ENV PUBLIC_KEY={FAKE}", False),
    (f"ENV TOKEN_URL={FAKE}", False),
    (f"ENV SOME_SETTING={FAKE}", False),
])
def test_secret_literal(tmp_path: os.PathLike[str], line: str, fires: bool) -> None:
    assert rules_of(tmp_path, f"FROM alpine:3\n{line}\n", "DKR207") == ([2] if fires else [])


def test_secret_literal_message_hides_the_value(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Dockerfile", f"ARG NPM_TOKEN={FAKE}\nFROM alpine:3\n")
    assert d.main([path, "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert FAKE not in out and FAKE[:5] not in out
    rows = [f for f in json.loads(out)["findings"] if f["rule"] == "DKR207"]
    assert rows[0]["extra"]["stage"] == "global" and rows[0]["severity"] == "high"


@pytest.mark.parametrize(("body", "expected"), [
    ("FROM alpine:3\nARG NPM_TOKEN\nRUN npm ci --token $NPM_TOKEN\n", [2]),
    ("FROM alpine:3\nARG NPM_TOKEN\nENV T=${NPM_TOKEN:-x}\n", [2]),
    ("FROM alpine:3\nARG NPM_TOKEN\nRUN npm ci\n", []),
    ("FROM alpine:3\nARG NPM_TOKEN=abc\nRUN echo $NPM_TOKEN\n", []),
    ("FROM alpine:3\nARG VERSION\nRUN echo $VERSION\n", []),
    ("FROM alpine:3\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo $NPM_TOKEN\n", []),
    ("FROM alpine:3 AS b\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\nFROM alpine:3\n", []),
    ("FROM alpine:3 AS b\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\nFROM b\n", [2]),
    ("FROM alpine:3\nRUN echo $NPM_TOKEN\nARG NPM_TOKEN\n", []),
])
def test_secret_via_build_arg(tmp_path: os.PathLike[str], body: str, expected: list[int]) -> None:
    assert rules_of(tmp_path, body, "DKR208") == expected


# --- DKR209–DKR211 -----------------------------------------------------------------

@pytest.mark.parametrize(("source", "pattern"), [
    (".env", ".env"), ("app/.env.local", ".env.*"), (".env.example", None), (".env.sample", None),
    ("id_ed25519", "id_ed25519"), ("id_ed25519.pub", None), ("tls/server.key", "*.key"), ("*.pem", "*.pem"),
    (".ssh/", ".ssh/"), ("home/.ssh/known_hosts", ".ssh/"), (".aws/credentials", ".aws/credentials"),
    (".kube/config", ".kube/config"), ("kube/config", None), (".git", ".git/"), (".gitignore", None),
    ("service-account-ci.json", "service-account*.json"), ("package.json", None), (".", None), ("*", None),
    ("src/", None), ("keys.kdbx", "*.kdbx"),
])
def test_sensitive_source(source: str, pattern: str | None) -> None:
    assert d.sensitive_source(source) == pattern


@pytest.mark.parametrize(("line", "e209", "e210", "e211"), [
    ("COPY .env /app/", [2], [], []),
    ("COPY --from=build /src/.env /app/", [], [], []),
    ("ADD id_rsa /root/.ssh/", [2], [], [2]),
    ("ADD https://example.com/a.tgz /opt/", [], [2], []),
    ("ADD git@github.com:org/repo.git /src", [], [2], []),
    (f"ADD --checksum={DIGEST} https://example.com/a /a", [], [], []),
    ("ADD app.tar.gz /", [], [], []),
    ("ADD ./conf /etc/app", [], [], [2]),
    ("ADD a.txt https://example.com/b /d/", [], [2], []),
    ("ADD https://example.com/ca.pem /etc/ssl/", [], [2], []),
])
def test_copy_and_add(tmp_path: os.PathLike[str], line: str, e209: list[int], e210: list[int], e211: list[int]) -> None:
    got = findings(tmp_path, f"FROM alpine:3\n{line}\n")
    assert [n for r, n in got if r == "DKR209"] == e209
    assert [n for r, n in got if r == "DKR210"] == e210
    assert [n for r, n in got if r == "DKR211"] == e211


def test_credentials_env_under_copy_destination(tmp_path: os.PathLike[str]) -> None:
    body = "FROM alpine:3\nWORKDIR /app\nENV KUBECONFIG=/app/cfg/kube.yaml\nCOPY cfg/ /app/cfg/\nENV AWS_CONFIG_FILE=/etc/aws\n"
    assert rules_of(tmp_path, body, "DKR209") == [3]


# --- DKR212–DKR218 -----------------------------------------------------------------

@pytest.mark.parametrize(("run", "rules"), [
    ("curl -fsSL https://x | sh", {"DKR212", "DKR220"}),
    ("curl -fsSL https://x -o /tmp/x && sh /tmp/x", set()),
    ("curl -fsSLo- https://x | bash", {"DKR212", "DKR220"}),
    ("wget https://x | sh", {"DKR220"}),
    ("wget -qO- https://x | python3 -", {"DKR212", "DKR220"}),
    ("bash -c \"$(wget -qO- https://x)\"", {"DKR212"}),
    ("eval \"$(curl -s https://x)\"", {"DKR212"}),
    ("sudo true", {"DKR213"}),
    ("echo sudo", set()),
    ("curl -sk https://x -o y", {"DKR214"}),
    ("curl -sko y https://x", {"DKR214"}),
    ("curl -so key https://x", set()),
    ("apk add --allow-untrusted x.apk", {"DKR215"}),
    ("apt-get install -y openssh-server", {"DKR216"}),
    ("apt-get install -y openssh-client", set()),
    ("chmod 777 /app", {"DKR217"}),
    ("chmod 1777 /tmp", set()),
    ("chmod g+w /app", set()),
    ("echo 'root:pw' | chpasswd", {"DKR218", "DKR220"}),
    ("docker login -u u --password-stdin r < /run/secrets/p", set()),
])
def test_run_rules(tmp_path: os.PathLike[str], run: str, rules: set[str]) -> None:
    body = f"FROM debian:12\nRUN {run}\nUSER 1\nHEALTHCHECK NONE\n"
    got = {r for r, _ in findings(tmp_path, body)} - {"DKR205"}
    assert got == rules


def test_secret_mount_silences_credential_rule(tmp_path: os.PathLike[str]) -> None:
    body = "FROM debian:12\nRUN --mount=type=secret,id=pw echo \"app:$(cat /run/secrets/pw)\" | chpasswd\n"
    assert rules_of(tmp_path, body, "DKR218") == []


def test_ssh_expose_only_in_shipped_chain(tmp_path: os.PathLike[str]) -> None:
    body = "FROM debian:12 AS a\nEXPOSE 22\nFROM a AS b\nEXPOSE 2222\nFROM debian:12\nEXPOSE 8080\n"
    assert rules_of(tmp_path, body, "DKR216") == []
    assert rules_of(tmp_path, body.replace("FROM debian:12\nEXPOSE 8080\n", "FROM b\n"), "DKR216") == [2]


# --- DKR219 / DKR220 ------------------------------------------------------------------

def test_network_host_is_low(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Dockerfile", "FROM alpine:3\nRUN --network=host --security=insecure true\nUSER 1\nHEALTHCHECK NONE\n")
    assert d.main([path, "--format", "json"]) == 1
    rows = [(f["rule"], f["severity"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    assert sorted(rows) == [("DKR219", "low"), ("DKR219", "medium")]


@pytest.mark.parametrize(("body", "expected"), [
    ("FROM a:1\nRUN a | b\n", [2]),
    ("FROM a:1\nRUN a || b\n", []),
    ("FROM a:1\nRUN set -o pipefail && a | b\n", []),
    ('FROM a:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n', []),
    ('FROM a:1\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n', [3]),
    ('FROM a:1 AS p\nSHELL ["/bin/zsh", "-o", "pipefail", "-c"]\nFROM p\nRUN a | b\n', []),
    ('FROM a:1 AS p\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM a:1\nRUN a | b\n', [4]),
    ('FROM a:1\nSHELL ["pwsh", "-c"]\nRUN a | b\n', []),
    ('FROM a:1\nRUN ["sh", "-c", "a | b"]\n', []),
    ("FROM a:1\nONBUILD RUN a | b\n", []),
])
def test_pipefail(tmp_path: os.PathLike[str], body: str, expected: list[int]) -> None:
    assert rules_of(tmp_path, body, "DKR220") == expected


# --- opt-in rules ------------------------------------------------------------------------

def test_opt_in_rules_are_off_by_default(tmp_path: os.PathLike[str]) -> None:
    body = "FROM debian:12\nRUN apt-get install -y curl\nCOPY . /app\nUSER 1\nHEALTHCHECK NONE\n"
    assert findings(tmp_path, body) == []
    assert findings(tmp_path, body, enable=("DKR205", "DKR221", "DKR222")) == [("DKR205", 1), ("DKR221", 2), ("DKR222", 3)]


@pytest.mark.parametrize(("run", "packages"), [
    ("apt-get install -y curl=8.5 git", ["git"]),
    ("apt-get -y install curl", ["curl"]),
    ("apk add --no-cache -t .deps gcc musl-dev=1.2", ["gcc"]),
    ("pip install -r req.txt flask", ["flask"]),
    ("pip3 install --index-url https://i flask==3 'x>=1'", ["x>=1"]),
    ("pip install -c c.txt flask", []),
    ("pip install -e .", []),
    ("npm i -g pnpm @scope/x@1", ["pnpm"]),
    ("npm install left-pad", []),
    ("gem install rails -v 7.1", []),
    ("yum install -y httpd-2.4 git", ["git"]),
    ("go install example.com/cmd@v1.2.3 example.com/other@latest", ["example.com/other@latest"]),
])
def test_unpinned_packages(run: str, packages: list[str]) -> None:
    instructions, _ = d.parse(f"RUN {run}\n")
    assert [p for c in instructions[0].commands() for p in shell_rules.unpinned(c)] == packages


@pytest.mark.parametrize(("ignore_name", "expected"), [
    (None, [2]), (".dockerignore", []), ("Dockerfile.dockerignore", []), ("Other.dockerignore", [2]),
])
def test_whole_context_needs_dockerignore(tmp_path: os.PathLike[str], ignore_name: str | None, expected: list[int]) -> None:
    if ignore_name:
        write(tmp_path, ignore_name, ".git\n.env*\n")
    assert rules_of(tmp_path, "FROM node:22\nCOPY . /app\nCOPY --from=x . /y\n", "DKR222") == expected


def test_catalogue_and_checks_agree() -> None:
    from sechooks.rules import dkr

    ids = {r.id for r in dkr.RULES}
    assert set(d.CHECKS) | {"DKR200"} == ids
    for rule in dkr.RULES:
        assert rule.rationale and rule.fix
        if rule.id != "DKR200":
            assert rule.bad and rule.good
    assert {r.id for r in dkr.RULES if not r.default} == {"DKR205", "DKR221", "DKR222"}


# --- realistic multi-stage builds: the complete finding list --------------------------------

DOCKERFILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dockerfiles")
REALISTIC = {
    "python.Dockerfile": [
        ("DKR205", 4), ("DKR205", 17), ("DKR206", 17), ("DKR221", 8), ("DKR222", 14),
    ],
    "node.Dockerfile": [
        ("DKR205", 1), ("DKR205", 7), ("DKR205", 13), ("DKR209", 4), ("DKR212", 16), ("DKR220", 16),
        ("DKR221", 16), ("DKR222", 10),
    ],
    "go.Dockerfile": [
        ("DKR202", 15), ("DKR203", 12), ("DKR205", 2), ("DKR205", 12), ("DKR206", 15), ("DKR221", 10),
        ("DKR221", 13), ("DKR222", 7),
    ],
    "java.Dockerfile": [
        ("DKR205", 1), ("DKR205", 9), ("DKR207", 15), ("DKR211", 14), ("DKR217", 17),
    ],
}
OPT_IN = {"DKR205", "DKR221", "DKR222"}


@pytest.mark.parametrize("name", sorted(REALISTIC))
def test_realistic_dockerfiles(name: str) -> None:
    path = os.path.join(DOCKERFILES, name)
    every = check("DKR", [path], enable=("DKR",))
    assert sorted((r.finding.rule, r.finding.line) for r in every.report.findings) == sorted(REALISTIC[name])
    default = check("DKR", [path])
    expected = sorted(p for p in REALISTIC[name] if p[0] not in OPT_IN)
    assert sorted((r.finding.rule, r.finding.line) for r in default.report.findings) == expected
    assert all(r.finding.extra.get("stage") for r in every.report.findings)


def _dockerfile_fixtures() -> list[str]:
    import glob

    found = glob.glob(os.path.join(TESTDATA, "DKR2*", "*")) + glob.glob(os.path.join(os.path.dirname(__file__), "dockerfiles", "*"))
    return sorted(p for p in found if os.path.isfile(p) and not p.endswith((".expect", ".sechooks.toml")))


@pytest.mark.parametrize("path", _dockerfile_fixtures(), ids=os.path.basename)
def test_own_splitter_agrees_with_dockerfile_parse(path: str) -> None:
    """dockerfile-parse stays the reference for instruction splitting."""
    import io

    from dockerfile_parse import DockerfileParser

    from sechooks.core import files

    with open(path, "rb") as f:
        text = files.decode(f.read())
    lines = text.split("\n")
    escape = d._directives(lines).get("escape", "\\")
    escape = escape if escape in ("\\", "`") else "\\"
    prepared = d._prepare(lines, escape).lines
    ours = [(k, v.strip(), n) for k, v, n in d.split_instructions(prepared, escape)]
    data = ("\n".join(prepared) + "\n").encode("utf-8", "replace")
    theirs = [
        (item["instruction"], item["value"].strip(), item["startline"])
        for item in DockerfileParser(fileobj=io.BytesIO(data)).structure
        if item["instruction"] != "COMMENT"
    ]
    if prepared and prepared[-1].rstrip().endswith(escape) or (len(prepared) > 1 and not prepared[-1].strip() and prepared[-2].rstrip().endswith(escape)):
        ours = ours[: len(theirs)]  # dockerfile-parse drops an instruction left in a continuation at EOF
    assert ours == theirs
