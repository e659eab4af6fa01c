"""What a shell script does that a security rule cares about.

The judgement behind the Dockerfile hook's RUN rules (DKR212-DKR221), over a script
string, so that any hook that holds a script (a GitHub Actions `run:` block, a Kubernetes
`command: [sh, -c, …]`) reuses it. Each public rule function is

    rule(script, commands=None) -> Iterator[Hit]

with `commands` the script already split by `shell.split` (the default); a caller that
splits differently (a Dockerfile exec-form or heredoc RUN) passes its own, and `script`
is still searched for configuration written by the script. A hit is (line, column,
message): the 0-based line and column within the script of the command at fault, and a
short message in which script text is quoted through `engines.secrets.redact`.
Every function is one pass over the script (time linear in its length).
"""
from __future__ import annotations

import os
import re
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Callable, Iterator, Sequence

    Hit = tuple[int, int, str]  # 0-based line and column within the script, message

from sechooks.engines import shell


def quote(text: str) -> str:
    """Text from a scanned file fit for a message, in quotes: secret-shaped parts masked,
    control characters escaped, length bounded (`engines.secrets.redact`)."""
    from sechooks.engines.secrets import redact

    return "'" + redact(text) + "'"


def quote_path(path: str) -> str:
    """A path from the file, masked part by part: `secrets/server.key` stays readable
    (masked whole, a relative path looks like one long random token)."""
    if len(path) > 200:
        return quote(path)
    from sechooks.engines.secrets import redact

    return "'" + "/".join(redact(part) for part in path.split("/")) + "'"


def _commands(script: str, commands: Sequence[shell.Command] | None) -> Sequence[shell.Command]:
    return shell.split(script) if commands is None else commands


def _at(text: str, offset: int) -> tuple[int, int]:
    """0-based (line, column) of an offset in text."""
    return text.count("\n", 0, offset), offset - text.rfind("\n", 0, offset) - 1


def _each(commands: Sequence[shell.Command], test: Callable[[shell.Command], str | None]) -> Iterator[Hit]:
    for command in commands:
        problem = test(command)
        if problem:
            yield command.line, command.column, problem


# --- DKR212: a downloaded script run by a shell ------------------------------------

_INTERPRETERS = r"^(sh|bash|zsh|ash|dash|ksh|mksh|busybox|python[0-9.]*|perl|ruby|node|nodejs|php|pwsh)$"
# A shell word, then in the same simple command `$(curl …`, `` `wget …`` or `<(curl …`. Three
# patterns walked by `_runs_fetched_script`: as one regex with `[^;&|\n]*?` between them, every
# interpreter word rescanned the rest of its command (quadratic on a line of `. . . .`).
_SCRIPT_RUNNER = r"(?:^|[\s;&|(])(?:sh|bash|zsh|ash|dash|ksh|python[0-9.]*|perl|ruby|node|eval|source|\.)\s"
_COMMAND_END = r"[;&|\n]"
_OPENER = r"\$\(|`|<\("
_FETCH = r"(?:\$\(|`|<\()\s*(?:sudo\s+)?(?:curl|wget)\b"


def _downloads_to_stdout(command: shell.Command) -> bool:
    args = command.args
    if command.program == "curl":
        for i, arg in enumerate(args):
            if arg in ("-O", "--remote-name", "--remote-name-all") or arg.startswith("--output=") and arg != "--output=-":
                return False
            if arg in ("-o", "--output"):
                return i + 1 < len(args) and args[i + 1] == "-"
            if re.fullmatch(r"(?s)-[A-Za-z]*o.+", arg) and not arg.startswith("--"):
                return arg.endswith("o-")
            if "O" in arg and re.fullmatch(r"-[A-Za-z]+", arg):
                return False
        return True
    if command.program == "wget":
        for i, arg in enumerate(args):
            if arg in ("--output-document=-", "-O-") or re.fullmatch(r"-[A-Za-z]*O-", arg):
                return True
            if (arg == "-O" or re.fullmatch(r"-[A-Za-z]*O", arg)) and i + 1 < len(args) and args[i + 1] == "-":
                return True
            if arg in ("--output-document", "-O") and i + 1 < len(args) and args[i + 1] != "-":
                return False
    return False


def _fetched_script(text: str) -> int:
    """Where an interpreter word is followed, before the command ends, by `$(curl`/`` `wget``/
    `<(curl` (the offset of the fetch; -1 for none). Each stretch of text is searched for a
    fetch once, from its first interpreter word."""
    runner, end, opener, fetch = (re.compile(p) for p in (_SCRIPT_RUNNER, _COMMAND_END, _OPENER, _FETCH))
    stop = -1  # where the command searched last ends
    word = runner.search(text)
    while word is not None:
        if word.end() > stop:
            command_end = end.search(text, word.end())
            stop = command_end.start() if command_end else len(text)
            for o in opener.finditer(text, word.end(), stop):
                if fetch.match(text, o.start()):
                    return o.start()
        word = runner.search(text, word.end() - 1)  # its last character may start the next word
    return -1


_FALSE = frozenset({"0", "false", "no", "off"})
_CURL_ARG_OPTIONS = frozenset("oHdXuAebcTwxUEKrmyYzCFQtDhP")
_TLS_ENV: dict[str, Callable[[str], bool]] = {
    "PIP_TRUSTED_HOST": lambda v: bool(v),
    "PYTHONHTTPSVERIFY": lambda v: v == "0",
    "NODE_TLS_REJECT_UNAUTHORIZED": lambda v: v == "0",
    "NPM_CONFIG_STRICT_SSL": lambda v: v.lower() in _FALSE,
    "GIT_SSL_NO_VERIFY": lambda v: True,
    "REQUESTS_CA_BUNDLE": lambda v: v == "",
    "CURL_CA_BUNDLE": lambda v: v == "",
}
_KEY_START = r"(?:(?<![A-Za-z0-9_])|(?<=\\n))"  # start of a key, also right after a printf "\n"
_SSLVERIFY_WRITTEN = r"(?i)" + _KEY_START + r"sslverify\s*=\s*(0|false|no)\b"
_REPO_FILE = r"(yum\.conf|dnf\.conf|\.repo)\b"


def tls_env_off(name: str, value: str) -> bool:
    """`NAME=value` turns certificate checks off (`NODE_TLS_REJECT_UNAUTHORIZED=0`, `GIT_SSL_NO_VERIFY`)."""
    test = _TLS_ENV.get(name.upper())
    return test is not None and test(value.strip("\"'"))


def _curl_insecure(args: Sequence[str]) -> bool:
    for arg in args:
        if arg == "--insecure":
            return True
        if arg.startswith("-") and not arg.startswith("--"):
            for flag in arg[1:]:
                if flag == "k":
                    return True
                if flag in _CURL_ARG_OPTIONS:
                    break
    return False


def pip_args(command: shell.Command) -> list[str] | None:
    """Arguments after `pip`, `pip3`, `python -m pip` (None when it is not pip)."""
    if re.fullmatch(r"pip[0-9.]*", command.program):
        return command.args
    if re.fullmatch(r"python[0-9.]*", command.program):
        args = command.args
        for i in range(len(args) - 1):
            if args[i] == "-m" and re.fullmatch(r"pip[0-9.]*", args[i + 1]):
                return args[i + 2:]
    return None


def _tls_problem(command: shell.Command) -> str | None:
    program, args = command.program, command.args
    lower = [a.lower() for a in args]
    for word in command.words[:command.start] + (args if program in ("export", "env") else []):
        name, sep, value = word.partition("=")
        if sep and tls_env_off(name, value):
            return f"{quote(name + '=' + value)} turns off certificate checks"
    if program == "curl" and _curl_insecure(args):
        return "curl -k/--insecure skips certificate verification"
    if program == "wget" and "--no-check-certificate" in args:
        return "wget --no-check-certificate skips certificate verification"
    pip = pip_args(command)
    if pip is not None and any(a == "--trusted-host" or a.startswith("--trusted-host=") for a in pip):
        return "pip --trusted-host accepts the host without a valid certificate"
    if program in ("npm", "yarn", "pnpm") and "strict-ssl" in lower:
        after = lower[lower.index("strict-ssl") + 1:]
        if after and after[0] in _FALSE and "set" in lower:
            return f"{program} config set strict-ssl false turns off certificate checks"
    if program == "git":
        for i, arg in enumerate(lower):
            if arg.startswith("http.sslverify=") and arg.split("=", 1)[1] in _FALSE:
                return "git -c http.sslVerify=false turns off certificate checks"
            if arg.endswith("http.sslverify") and i + 1 < len(lower) and lower[i + 1] in _FALSE:
                return "git config http.sslVerify false turns off certificate checks"
    if program in ("yum", "dnf") and "config-manager" in args:
        for i, arg in enumerate(lower):
            setopt = arg.split("=", 1)[1] if arg.startswith("--setopt=") else lower[i + 1] if arg == "--setopt" and i + 1 < len(lower) else ""
            if re.search(r"sslverify=(0|false|no)$", setopt):
                return f"{program} config-manager --setopt=…sslverify=0 turns off certificate checks"
    return None


_APT = frozenset({"apt", "apt-get", "aptitude"})
_RPM_TOOLS = frozenset({"yum", "dnf", "tdnf", "microdnf"})
_GPG_OFF = r"(?i)" + _KEY_START + r"gpgcheck\s*=\s*(0|false|no)\b"
_OPTIONS_BRACKET = r"\[([^\[\]\n]*)\]"  # `[arch=amd64 trusted=yes]`: no nested brackets, so linear


def trusted_source(text: str) -> bool:
    """An APT source line with `[… trusted=yes …]`."""
    return "trusted=yes" in text and any(
        re.search(r"\btrusted=yes\b", m.group(1)) for m in re.finditer(_OPTIONS_BRACKET, text))


def _signature_problem(command: shell.Command) -> str | None:
    program, args = command.program, command.args
    if program in _APT:
        bad = next((a for a in args if a in ("--allow-unauthenticated", "--allow-insecure-repositories", "--force-yes")), None)
        if bad:
            return f"{program} {bad} installs packages without signature checks"
    if program == "apk" and "--allow-untrusted" in args:
        return "apk --allow-untrusted installs unsigned packages"
    if program in _RPM_TOOLS and "--nogpgcheck" in args:
        return f"{program} --nogpgcheck installs packages without signature checks"
    if program == "rpm":
        bad = next((a for a in args if a in ("--nosignature", "--nodigest", "--noverify", "--nofiledigest")), None)
        if bad:
            return f"rpm {bad} skips package verification"
    return None


_INSTALLERS = frozenset({"apt", "apt-get", "aptitude", "apk", "yum", "dnf", "tdnf", "microdnf", "zypper"})
_SSH_SERVER = r"^(openssh-server|dropbear)([=:<>~].*|-[0-9].*)?$"


_SYMBOLIC = r"^([ugoa]*)([-+=])([rwxXst]*)$"
_STICKY_OK = frozenset({"/tmp", "/var/tmp", "/tmp/", "/var/tmp/"})  # nosec B108 -- paths we look for


def _world_writable_mode(mode: str) -> bool:
    if re.fullmatch(r"[0-7]{1,5}", mode):
        return int(mode[-1]) & 2 != 0
    clauses = mode.split(",")
    for clause in clauses:
        match = re.match(_SYMBOLIC, clause)
        if match and match.group(2) in "+=" and "w" in match.group(3) and (not match.group(1) or set(match.group(1)) & {"o", "a"}):
            return True
    return False


_CHMOD_OPTIONS = frozenset({"-R", "-v", "-f", "-c", "--recursive", "--verbose", "--silent", "--quiet", "--changes"})
_NOT_PATHS = frozenset({"{}", "+", ";", "\\;"})


def _chmod_operands(words: Sequence[str], start: int) -> Iterator[str]:
    for i in range(start, len(words)):
        if words[i] not in _CHMOD_OPTIONS and not words[i].startswith("--reference"):
            yield words[i]


def _chmod_problem(words: Sequence[str], start: int) -> str | None:
    """The problem with `chmod` whose arguments begin at words[start]. Reads no further
    than it must: a command of many `chmod` words stays linear."""
    operands = _chmod_operands(words, start)
    mode = next(operands, None)
    if mode is None or not _world_writable_mode(mode):
        return None
    paths = (p for p in operands if p not in _NOT_PATHS)
    first = next(paths, "…")
    if mode.lstrip("0") == "1777" and first in _STICKY_OK and all(p in _STICKY_OK for p in paths):
        return None
    return f"chmod {quote(mode)} makes {quote_path(first)} writable by every user"


_CREDENTIAL_FILES = frozenset({".git-credentials", ".netrc", ".pypirc"})


def _credential_problem(command: shell.Command) -> str | None:
    program, args = command.program, command.args
    lower = [a.lower() for a in args]
    if program == "aws" and lower[:3] in (["configure", "set", "aws_access_key_id"], ["configure", "set", "aws_secret_access_key"]):
        return f"aws configure set {quote(args[2])} writes the key to ~/.aws/credentials"
    if program == "gcloud" and "activate-service-account" in lower and any(a == "--key-file" or a.startswith("--key-file=") for a in lower):
        return "gcloud auth activate-service-account --key-file stores the key in the gcloud config"
    if program == "az" and "login" in lower and any(a in ("-p", "--password", "--federated-token") or a.startswith(("--password=", "--federated-token=")) for a in lower):
        return "az login with a password or federated token stores the session in the layer"
    if program == "doctl" and lower[:2] == ["auth", "init"] and any(a in ("-t", "--access-token") or a.startswith("--access-token=") for a in lower):
        return "doctl auth init --access-token stores the token in the doctl config"
    if program in ("docker", "podman") and "login" in lower and any(a in ("-p", "--password") or a.startswith("--password=") for a in lower):
        return f"{program} login -p stores the registry password in config.json"  # sechooks: ignore[SEC143] -- a message
    if program in ("npm", "yarn", "pnpm") and "set" in lower and any(a.startswith("//") and ":_authtoken" in a for a in lower):
        return f"{program} config set …:_authToken writes the token to .npmrc"
    if program == "git" and "credential.helper" in lower and "store" in lower:
        return "git credential.helper store keeps passwords in ~/.git-credentials"
    if program == "chpasswd":
        return "chpasswd sets a password in the image"
    if program == "passwd" and "--stdin" in lower:
        return "passwd --stdin sets a password in the image"
    written = next((t for t in command.redirect_targets if os.path.basename(t) in _CREDENTIAL_FILES), None)
    if written:
        return f"credentials are written to {quote_path(written)}"
    return None


def shell_mode(words: Sequence[str]) -> str:
    """The shell a `SHELL ["bash", "-o", "pipefail", "-c"]` (or an Actions `shell:`) names:
    "off" (non-POSIX shell), "pipefail" (bash/zsh/ash with -o pipefail) or "plain"."""
    if not words:
        return "plain"
    program = os.path.basename(words[0].replace("\\", "/")).lower().removesuffix(".exe")
    if program in ("pwsh", "powershell", "cmd"):
        return "off"
    if program in ("bash", "zsh", "ash"):
        for option, value in zip(words[1:], words[2:]):
            if re.fullmatch(r"-[a-z]*o", option) and value == "pipefail":
                return "pipefail"
    return "plain"


def starts_with_pipefail(commands: Sequence[shell.Command]) -> bool:
    first = commands[0] if commands else None
    return first is not None and first.program == "set" and "pipefail" in first.args


def assigned_pipeline(command: shell.Command) -> bool:
    """`v=$(curl … | jq …)`: an assignment's status is its substitution's, so a pipe there
    hides a failure as one at the top level does. (In an argument, `echo $(a | b)`, the
    substitution's status is lost whatever the shell, so it is not reported.)"""
    return any(c.op in ("|", "|&") for word in command.words[:command.start]
               for body in shell.substitutions(word) for c in shell.split(body))


_APT_VALUE_OPTIONS = frozenset({"-o", "-t", "--target-release", "-c", "--config-file"})
_APK_VALUE_OPTIONS = frozenset({"-t", "--virtual", "-X", "--repository", "--root", "-p", "--arch", "--cache-dir", "--keys-dir"})
_PIP_VALUE_OPTIONS = frozenset({
    "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
    "--trusted-host", "--platform", "--python-version", "--implementation", "--abi", "--only-binary",
    "--no-binary", "--progress-bar", "--cache-dir", "--src", "--upgrade-strategy", "--log", "--proxy",
    "--timeout", "--retries", "--cert", "--client-cert", "--global-option", "--install-option",
    "--config-settings", "-C", "--report", "--python",
})
_RPM_VALUE_OPTIONS = frozenset({"--setopt", "--enablerepo", "--disablerepo", "--releasever", "--installroot", "-c", "--config",
                                "--repo", "--repofrompath", "--exclude", "-x"})


def _operands(args: Sequence[str], value_options: frozenset[str]) -> list[str]:
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in value_options:
            skip = True
        elif not arg.startswith("-"):
            out.append(arg)
    return out


def _local(arg: str) -> bool:
    return arg.startswith(("/", "./", "../", "~")) or arg == "." or "://" in arg or arg.endswith((".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".zip"))


def unpinned(command: shell.Command) -> list[str]:
    """The packages one command installs without a version (apt, apk, pip, npm -g, gem,
    yum/dnf/zypper, go install … @latest); local files and URLs are not packages."""
    program, args = command.program, command.args
    if program in ("apt-get", "apt", "aptitude") and args and "install" in args:
        rest = args[args.index("install") + 1:]
        return [p for p in _operands(rest, _APT_VALUE_OPTIONS) if "=" not in p and not _local(p)]
    if program == "apk" and "add" in args:
        rest = args[args.index("add") + 1:]
        return [p for p in _operands(rest, _APK_VALUE_OPTIONS) if not re.search(r"[=<>~]", p) and not _local(p)]
    pip = pip_args(command)
    if pip is not None and "install" in pip:
        rest = pip[pip.index("install") + 1:]
        if any(a in ("-c", "--constraint") or a.startswith(("--constraint=", "-c")) for a in rest):
            return []  # a constraints file pins every package
        operands = _operands([a for a in rest if a not in ("-e", "--editable")], _PIP_VALUE_OPTIONS | {"-r", "--requirement"})
        return [p for p in operands if "==" not in p and "@" not in p and not _local(p)]
    if program in ("npm", "pnpm") and args and args[0] in ("install", "i", "add") and ("-g" in args or "--global" in args):
        operands = _operands(args[1:], frozenset({"--prefix", "--registry"}))
        return [p for p in operands if "@" not in p.lstrip("@") and not _local(p)]
    if program == "gem" and args and args[0] == "install":
        if any(a in ("-v", "--version") or a.startswith("--version=") for a in args):
            return []
        operands = _operands(args[1:], frozenset({"-i", "--install-dir", "-n", "--bindir", "--source", "-s", "-P", "--trust-policy"}))
        return [p for p in operands if ":" not in p and not _local(p)]
    if program in ("yum", "dnf", "microdnf", "tdnf", "zypper") and args and args[0] in ("install", "in"):
        operands = _operands(args[1:], _RPM_VALUE_OPTIONS)
        return [p for p in operands if not re.search(r"-[0-9]|[=<>]", p) and not _local(p)]
    if program == "go" and args and args[0] == "install":
        operands = [a for a in args[1:] if not a.startswith("-")]
        return [p for p in operands if "@" not in p or p.endswith("@latest")]
    return []


# --- the rules, one function each -------------------------------------------------------

def pipe_to_shell(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR212: `curl … | sh`, `wget -O- … | bash` (a download to stdout piped into an
    interpreter), and `sh -c "$(curl …)"` / `bash <(curl …)`. Example:
    `next(pipe_to_shell("curl -fsSL https://x/i.sh | sh"))` -> (0, 0, "the output of curl is piped into 'sh'")."""
    for pipeline in shell.pipelines(list(_commands(script, commands))):
        fetch = next((c for c in pipeline if c.program in ("curl", "wget") and _downloads_to_stdout(c)), None)
        if fetch is None:
            continue
        later = pipeline[pipeline.index(fetch) + 1:]
        sink = next((c for c in later if re.match(_INTERPRETERS, c.program)), None)
        if sink is not None:
            yield fetch.line, fetch.column, f"the output of {fetch.program} is piped into {quote(sink.program)}"
    if ("curl" in script or "wget" in script) and ("$(" in script or "`" in script or "<(" in script):
        offset = _fetched_script(script)
        if offset >= 0:
            yield (*_at(script, offset), "a shell runs a script fetched with curl/wget in a command substitution")


def sudo(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR213: a command run through `sudo` (`sudo apt-get …`; not `echo sudo`)."""
    yield from _each(_commands(script, commands), lambda c: f"{c.program or 'sudo'} runs through sudo" if c.sudo else None)


def sslverify_off(text: str) -> bool:
    """`sslverify=0` (or false/no) written as a configuration key."""
    return re.search(_SSLVERIFY_WRITTEN, text) is not None


def names_repo_file(text: str) -> bool:
    """Text that names a yum/dnf configuration or a `.repo` file."""
    return re.search(_REPO_FILE, text) is not None


def tls_disabled(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR214: `curl -k`, `wget --no-check-certificate`, `pip --trusted-host`, `npm config set
    strict-ssl false`, `git -c http.sslVerify=false`, `dnf config-manager --setopt=…sslverify=0`,
    `NODE_TLS_REJECT_UNAUTHORIZED=0 cmd`, and sslverify=0 written into a yum/dnf repository."""
    yield from _each(_commands(script, commands), _tls_problem)
    if sslverify_off(script) and names_repo_file(script):
        yield (*_at(script, re.search(_SSLVERIFY_WRITTEN, script).start()),  # type: ignore[union-attr]
               "sslverify=0 is written into a yum/dnf repository configuration")


def signature_off_written(text: str) -> str | None:
    """A repository configuration with signature checks off: an APT source marked
    `[trusted=yes]`, or `gpgcheck=0`; the problem, or None."""
    if trusted_source(text):
        return "an APT source is marked [trusted=yes]"
    if re.search(_GPG_OFF, text):
        return "gpgcheck=0 turns off package signature checks"
    return None


def signature_disabled(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR215: `apt-get --allow-unauthenticated`, `apk --allow-untrusted`, `--nogpgcheck`,
    `rpm --nosignature`, and `[trusted=yes]` / `gpgcheck=0` written by the script."""
    yield from _each(_commands(script, commands), _signature_problem)
    problem = signature_off_written(script)
    if problem:
        found = re.search(r"trusted=yes" if "trusted" in problem else _GPG_OFF, script)
        yield (*_at(script, found.start() if found else 0), problem)


def ssh_server_install(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR216: a package manager installs an SSH server (`openssh-server`, `dropbear`)."""
    def test(command: shell.Command) -> str | None:
        package = ssh_server_package(command)
        return None if package is None else f"installs the SSH server {quote(package)}"

    yield from _each(_commands(script, commands), test)


def ssh_server_package(command: shell.Command) -> str | None:
    """The SSH server package (`openssh-server`, `dropbear=2022.83-1`) a command installs."""
    if command.program not in _INSTALLERS:
        return None
    return next((a for a in command.args if re.match(_SSH_SERVER, a)), None)


def world_writable(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR217: `chmod 777 x`, `chmod -R o+w x`, also after `find … -exec` (`chmod 1777 /tmp`
    is fine). Example: `next(world_writable("chmod 777 /app"))` -> (0, 0, "chmod '777' makes '/app' writable by every user")."""
    def test(command: shell.Command) -> str | None:
        words = [command.program] + command.args
        for i, word in enumerate(words):
            if os.path.basename(word) == "chmod":
                problem = _chmod_problem(words, i + 1)
                if problem:
                    return problem
        return None

    yield from _each(_commands(script, commands), test)


def credentials_stored(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR218: a command that stores a credential on disk (`aws configure set
    aws_secret_access_key`, `docker login -p`, `git config credential.helper store`,
    `echo … > ~/.netrc`, `chpasswd`, …)."""
    yield from _each(_commands(script, commands), _credential_problem)


def pipefail_missing(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR220: the first piped command (`a | b`, or `v=$(a | b)`) of a script that does not
    start with `set -o pipefail`: under a plain POSIX `sh` a failure before the last `|` is
    ignored. The caller decides whether the shell is plain (`shell_mode`)."""
    commands = _commands(script, commands)
    if starts_with_pipefail(commands):
        return
    piped = next((c for c in commands if c.op in ("|", "|&") or assigned_pipeline(c)), None)
    if piped is not None:
        yield piped.line, piped.column, "pipes commands without pipefail: a failure before the last | is ignored"


def unpinned_message(packages: Sequence[str]) -> str:
    """`packages installed without a version: 'a', 'b' …` (five named at most)."""
    shown = ", ".join(quote(p) for p in packages[:5]) + (f" and {len(packages) - 5} more" if len(packages) > 5 else "")
    return f"packages installed without a version: {shown}"


def unpinned_packages(script: str, commands: Sequence[shell.Command] | None = None) -> Iterator[Hit]:
    """DKR221: one hit per command that installs packages without a version (`unpinned`)."""
    yield from _each(_commands(script, commands), lambda c: unpinned_message(found) if (found := unpinned(c)) else None)
