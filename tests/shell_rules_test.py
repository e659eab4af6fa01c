"""engines.shell_rules: the RUN rules' judgement over a script string (for Actions `run:` too),
and the positions engines.shell gives each command."""
from __future__ import annotations

import time
from typing import Callable, Iterator

import pytest

from sechooks.engines import shell, shell_rules as sr

Rule = Callable[..., Iterator[tuple[int, int, str]]]


def hits(rule: Rule, script: str) -> list[tuple[int, int]]:
    return [(line, column) for line, column, _ in rule(script)]


# --- where commands are -------------------------------------------------------------------

def test_commands_know_their_line_and_column() -> None:
    script = 'a && b\nif x; then\n  curl -s "u v" | sh\nfi\n  echo \\\n  z; "q" w'
    got = [(c.program, c.line, c.column) for c in shell.split(script)]
    assert got == [("a", 0, 0), ("b", 0, 5), ("x", 1, 0), ("curl", 2, 2), ("sh", 2, 18), ("echo", 4, 2), ("q", 5, 5)]


def test_positions_count_newlines_inside_quotes_and_substitutions() -> None:
    script = 'echo "one\ntwo" $(a\nb)\nls'
    assert [(c.program, c.line, c.column) for c in shell.split(script)] == [("echo", 0, 0), ("ls", 3, 0)]


def test_exec_form_commands_sit_at_the_start() -> None:
    command = shell.command(["chmod", "777", "/x"])
    assert (command.line, command.column) == (0, 0)


def _cost(script: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        shell.split(script)
        best = min(best, time.process_time() - start)
    return best


def test_positions_stay_linear_on_one_long_line() -> None:
    # 30x the input may cost up to 60x the time: ~33x measured; counting each command's line
    # from the start of the script (quadratic) measured ~100x
    small, big = "a;" * 1_500, "a;" * 45_000
    assert _cost(big) < 60 * max(_cost(small), 1e-3)


# --- DKR212 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("script", "expected"), [
    ("curl -fsSL https://x/i.sh | sh", [(0, 0)]),
    ("set -e\n  wget -O- https://x/i.sh | sudo bash", [(1, 2)]),
    ("wget -qO - https://x | python3", [(0, 0)]),
    ('sh -c "$(curl -fsSL https://x/i.sh)"', [(0, 7)]),
    ("apt-get update\nbash <(curl -s https://x)", [(1, 5)]),
    ("curl -o i.sh https://x && sh i.sh", []),
    ("curl -O https://x/i.sh | sh", []),
    ("wget https://x/i.sh | sh", []),  # wget writes to a file, not stdout
    ("curl https://x | jq .", []),
    ("echo 'curl x | sh'", []),
    ("", []),
])
def test_pipe_to_shell(script: str, expected: list[tuple[int, int]]) -> None:
    assert hits(sr.pipe_to_shell, script) == expected


def test_pipe_to_shell_message_names_the_interpreter() -> None:
    assert [m for *_, m in sr.pipe_to_shell("curl -s https://x | bash")] == ["the output of curl is piped into 'bash'"]


def test_a_caller_may_pass_its_own_commands() -> None:
    commands = [shell.command(["sh", "-c", "id"])]
    assert list(sr.pipe_to_shell("curl -s https://x | sh", commands)) == []  # commands win over the text's pipes
    assert hits(lambda s: sr.world_writable(s, [shell.command(["chmod", "777", "/a"])]), "whatever") == [(0, 0)]


# --- DKR213 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("script", "expected"), [
    ("sudo apt-get install -y x", [(0, 0)]),
    ("make && sudo -u app make install", [(0, 8)]),
    ("/usr/bin/sudo id", [(0, 0)]),
    ('echo "sudo"', []),
    ("SUDO id", []),
    ("", []),
])
def test_sudo(script: str, expected: list[tuple[int, int]]) -> None:
    assert hits(sr.sudo, script) == expected


# --- DKR214 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("script", "expected"), [
    ("curl -k https://x", [(0, 0)]),
    ("curl -sSLk https://x", [(0, 0)]),
    ("curl --insecure https://x", [(0, 0)]),
    ("wget --no-check-certificate https://x", [(0, 0)]),
    ("pip install --trusted-host pypi.example x==1", [(0, 0)]),
    ("python3 -m pip install --trusted-host=h x", [(0, 0)]),
    ("npm config set strict-ssl false", [(0, 0)]),
    ("git -c http.sslVerify=false clone https://x", [(0, 0)]),
    ("NODE_TLS_REJECT_UNAUTHORIZED=0 node app.js", [(0, 0)]),
    ("echo ok\necho 'sslverify=0' >> /etc/yum.conf", [(1, 6)]),
    ("curl -o out -k https://x", [(0, 0)]),
    ("curl -H k https://x", []),  # -H takes the value `k`
    ("curl https://x", []),
    ("npm config set strict-ssl true", []),
    ("echo sslverify=0", []),  # not written into a repository file
    ("", []),
])
def test_tls_disabled(script: str, expected: list[tuple[int, int]]) -> None:
    assert hits(sr.tls_disabled, script) == expected


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("NODE_TLS_REJECT_UNAUTHORIZED", "0", True), ("node_tls_reject_unauthorized", "0", True),
    ("GIT_SSL_NO_VERIFY", "", True), ("PIP_TRUSTED_HOST", "h", True), ("PIP_TRUSTED_HOST", "", False),
    ("NPM_CONFIG_STRICT_SSL", "False", True), ("NPM_CONFIG_STRICT_SSL", "true", False),
    ("CURL_CA_BUNDLE", '""', True), ("CURL_CA_BUNDLE", "/etc/ca.pem", False), ("PATH", "0", False),
])
def test_tls_env_off(name: str, value: str, expected: bool) -> None:
    assert sr.tls_env_off(name, value) is expected


def test_sslverify_and_repo_file_tests() -> None:
    assert sr.sslverify_off("[x]\nsslverify = False\n") and sr.sslverify_off("printf 'a\\nsslverify=0'")
    assert not sr.sslverify_off("nosslverify=0") and not sr.sslverify_off("sslverify=1")
    assert sr.names_repo_file("> /etc/yum.repos.d/x.repo") and sr.names_repo_file("/etc/dnf/dnf.conf")
    assert not sr.names_repo_file("/etc/apt/sources.list")


@pytest.mark.parametrize(("argv", "expected"), [
    (["pip", "install", "x"], ["install", "x"]), (["pip3.12", "install"], ["install"]),
    (["python3", "-m", "pip", "install", "x"], ["install", "x"]),
    (["python3", "-m", "venv", "v"], None), (["pipx", "install", "x"], None),
])
def test_pip_args(argv: list[str], expected: list[str] | None) -> None:
    assert sr.pip_args(shell.command(argv)) == expected


# --- DKR215 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("script", "expected"), [
    ("apt-get install -y --allow-unauthenticated x", [(0, 0)]),
    ("apk add --allow-untrusted x.apk", [(0, 0)]),
    ("dnf install --nogpgcheck x", [(0, 0)]),
    ("rpm -i --nosignature x.rpm", [(0, 0)]),
    ('echo ok\necho "deb [trusted=yes] http://x stable main" > /etc/apt/sources.list', [(1, 11)]),  # where `trusted=yes` is
    ("sed -i 's/gpgcheck=1/gpgcheck=0/' /etc/yum.conf", [(0, 21)]),  # where `gpgcheck=0` is
    ("apt-get install -y x", []),
    ("echo trusted=yes", []),  # not inside an APT options bracket
    ("", []),
])
def test_signature_disabled(script: str, expected: list[tuple[int, int]]) -> None:
    assert hits(sr.signature_disabled, script) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("deb [arch=amd64 trusted=yes] http://x y z", "an APT source is marked [trusted=yes]"),
    ("[repo]\ngpgcheck=0\n", "gpgcheck=0 turns off package signature checks"),
    ("[repo]\ngpgcheck=1\n", None),
    ("", None),
])
def test_signature_off_written(text: str, expected: str | None) -> None:
    assert sr.signature_off_written(text) == expected


def test_trusted_source() -> None:
    assert sr.trusted_source("deb [ trusted=yes ] http://x y z")
    assert not sr.trusted_source("deb [trusted=no] http://x y z # trusted=yes")


# --- DKR216 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "expected"), [
    (["apt-get", "install", "-y", "openssh-server"], "openssh-server"),
    (["apk", "add", "dropbear=2022.83-r0"], "dropbear=2022.83-r0"),
    (["yum", "install", "openssh-server-8.0"], "openssh-server-8.0"),
    (["apt-get", "install", "openssh-client"], None),
    (["echo", "openssh-server"], None),
])
def test_ssh_server_package(argv: list[str], expected: str | None) -> None:
    assert sr.ssh_server_package(shell.command(argv)) == expected


def test_ssh_server_install() -> None:
    assert list(sr.ssh_server_install("apt-get update &&\n apt-get install -y openssh-server")) == [
        (1, 1, "installs the SSH server 'openssh-server'")]
    assert list(sr.ssh_server_install("apt-get install -y openssh-client")) == []


# --- DKR217 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("script", "expected"), [
    ("chmod 777 /app", [(0, 0)]),
    ("chmod -R o+w /data", [(0, 0)]),
    ("chmod a=rwx,u-x /data", [(0, 0)]),
    ("mkdir /x && chmod 0666 /x/f", [(0, 12)]),
    ("find / -type d -exec chmod 777 {} +", [(0, 0)]),
    ("chmod 1777 /tmp", []),
    ("chmod 755 /app", []),
    ("chmod u+w /app", []),
    ("echo chmod 777 /", [(0, 0)]),  # a word `chmod` anywhere in the command: as the Dockerfile rule reads it
    ("", []),
])
def test_world_writable(script: str, expected: list[tuple[int, int]]) -> None:
    assert hits(sr.world_writable, script) == expected


def test_world_writable_message_quotes_mode_and_path() -> None:
    assert [m for *_, m in sr.world_writable("chmod 777 /srv/app")] == ["chmod '777' makes '/srv/app' writable by every user"]


# --- DKR218 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("script", "expected"), [
    ("aws configure set aws_secret_access_key $K", [(0, 0)]),
    ("docker login -u me -p $P registry", [(0, 0)]),
    ("git config --global credential.helper store", [(0, 0)]),
    ("echo ok\necho machine x login y > ~/.netrc", [(1, 0)]),
    ('echo "root:pw" | chpasswd', [(0, 17)]),
    ("docker login --password-stdin", []),
    ("aws configure set region eu-west-1", []),
    ("", []),
])
def test_credentials_stored(script: str, expected: list[tuple[int, int]]) -> None:
    assert hits(sr.credentials_stored, script) == expected


# --- DKR220 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("script", "expected"), [
    ("curl -s https://x | tar xz", [(0, 20)]),  # the first command after a |
    ("set -e\nv=$(curl -s https://x | jq .v)", [(1, 0)]),
    ("set -o pipefail\ncurl -s https://x | tar xz", []),
    ("set -euo pipefail; a | b", []),
    ("echo $(a | b)", []),  # the status of a substitution in an argument is lost whatever the shell
    ("a && b", []),
    ("", []),
])
def test_pipefail_missing(script: str, expected: list[tuple[int, int]]) -> None:
    assert hits(sr.pipefail_missing, script) == expected


def test_pipefail_helpers() -> None:
    assert sr.starts_with_pipefail(shell.split("set -o pipefail; a | b"))
    assert not sr.starts_with_pipefail(shell.split("a | b; set -o pipefail"))
    assert not sr.starts_with_pipefail([])
    assert sr.assigned_pipeline(shell.split("v=$(a | b)")[0])
    assert not sr.assigned_pipeline(shell.split("v=$(a)")[0])


@pytest.mark.parametrize(("words", "expected"), [
    (["/bin/bash", "-o", "pipefail", "-c"], "pipefail"),
    (["bash", "-euxo", "pipefail", "-c"], "pipefail"),
    (["bash", "-c"], "plain"),
    (["sh", "-o", "pipefail", "-c"], "plain"),  # dash has no pipefail option
    (["pwsh", "-Command"], "off"),
    (["C:\\Windows\\System32\\CMD.EXE", "/S", "/C"], "off"),
    ([], "plain"),
])
def test_shell_mode(words: list[str], expected: str) -> None:
    assert sr.shell_mode(words) == expected


# --- DKR221 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "expected"), [
    (["apt-get", "install", "-y", "curl", "git=1:2.39"], ["curl"]),
    (["pip", "install", "requests", "flask==3.0"], ["requests"]),
    (["pip", "install", "-c", "constraints.txt", "requests"], []),
    (["apk", "add", "./local.apk"], []),
    (["echo", "install", "x"], []),
])
def test_unpinned(argv: list[str], expected: list[str]) -> None:
    assert sr.unpinned(shell.command(argv)) == expected


def test_unpinned_packages_one_hit_per_command() -> None:
    got = list(sr.unpinned_packages("apt-get update\napt-get install -y curl git\npip install x==1"))
    assert got == [(1, 0, "packages installed without a version: 'curl', 'git'")]
    assert list(sr.unpinned_packages("apt-get install -y curl=8.5.0-2")) == []


def test_unpinned_message_names_five() -> None:
    assert sr.unpinned_message(list("abcdefg")) == "packages installed without a version: 'a', 'b', 'c', 'd', 'e' and 2 more"


# --- messages ------------------------------------------------------------------------------

def test_quotes_mask_secrets_and_control_characters() -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    assert token not in sr.quote(token) and sr.quote("a\x1bb").startswith("'") and "\x1b" not in sr.quote("a\x1bb")
    assert sr.quote_path("secrets/server.key") == "'secrets/server.key'"
