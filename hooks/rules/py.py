"""PY5nn: Python security rules, each a group of bandit tests."""
from __future__ import annotations

import re
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any

from sechooks.core.catalogue import Option, Rule, reserved_rule
from sechooks.core.finding import Severity

HIGH, MEDIUM, LOW = Severity.HIGH, Severity.MEDIUM, Severity.LOW

RULES: tuple[Rule, ...] = (
    reserved_rule("PY", "500", "A Python file"),
    Rule(
        id="PY501", name="shell-injection", title="Command run through a shell", severity=HIGH,
        rationale=(
            "A command string handed to a shell is parsed again by the shell: quotes, `;`, "
            "`$(...)` and globs inside interpolated data become commands or extra arguments."
        ),
        fix="Pass an argument list with shell=False; never interpolate input into a shell string.",
        bad='subprocess.run(f"tar czf {name}.tgz {src}", shell=True)\nos.system("rm -rf " + path)',
        good='subprocess.run(["tar", "czf", f"{name}.tgz", src], check=True)',
        peers=("B602", "B604", "B605", "B609", "B601"),
        references=("CWE-78", "https://docs.python.org/3/library/subprocess.html#security-considerations"),
    ),
    Rule(
        id="PY502", name="subprocess-usage", title="Subprocess started (audit)", severity=LOW,
        rationale=(
            "Starting another program is where injection and PATH hijacking happen; this "
            "audit rule lists every place that does it, even without a shell."
        ),
        fix="Use an absolute executable path and a fixed argument list; validate any input that reaches it.",
        bad='import subprocess\nsubprocess.run(["git", "status"])',
        good='subprocess.run(["/usr/bin/git", "status"], check=True)  # reviewed: fixed arguments',
        default=False,
        peers=("B603", "B606", "B607", "B404"),
        references=("CWE-78", "CWE-426"),
    ),
    Rule(
        id="PY503", name="dynamic-code-execution", title="eval or exec of a string", severity=MEDIUM,
        rationale="`eval`/`exec` run whatever code the string holds, with the program's privileges.",
        fix="Parse data with ast.literal_eval or json.loads; dispatch through a dict of functions instead of exec.",
        bad="value = eval(request.args['expr'])",
        good="value = ast.literal_eval(request.args['expr'])",
        peers=("B102", "B307"),
        references=("CWE-94", "CWE-95"),
    ),
    Rule(
        id="PY504", name="unsafe-deserialization", title="Deserialisation that can run code", severity=MEDIUM,
        rationale=(
            "pickle, marshal, yaml.load with a full loader, torch.load and unpinned model "
            "downloads can execute code embedded in the data they load."
        ),
        fix="Load untrusted data with json or yaml.safe_load; pin model revisions and use weights_only=True.",
        bad="obj = pickle.loads(blob)\ncfg = yaml.load(text, Loader=yaml.Loader)",
        good="obj = json.loads(blob)\ncfg = yaml.safe_load(text)",
        peers=("B301", "B302", "B403", "B506", "B614", "B615"),
        references=("CWE-502",),
    ),
    Rule(
        id="PY505", name="sql-injection", title="SQL built from strings", severity=MEDIUM,
        rationale="A query assembled with %, + or f-strings lets input change the SQL statement itself.",
        fix="Use the driver's parameter placeholders (cursor.execute(sql, params)) or the ORM query API.",
        bad='cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")',
        good='cur.execute("SELECT * FROM users WHERE name = %s", (name,))',
        peers=("B608", "B610", "B611"),
        references=("CWE-89",),
    ),
    Rule(
        id="PY506", name="tls-or-host-verification-disabled", title="TLS or host-key verification disabled",
        severity=HIGH,
        rationale=(
            "Without certificate or host-key checks, anyone on the network path can impersonate "
            "the server and read or alter the traffic."
        ),
        fix="Keep verification on (verify=True, default SSL context, RejectPolicy); pin a CA bundle if needed.",
        bad="requests.get(url, verify=False)\nclient.set_missing_host_key_policy(paramiko.AutoAddPolicy())",
        good="requests.get(url, timeout=10)\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())",
        peers=("B501", "B502", "B503", "B504", "B323", "B507"),
        references=("CWE-295", "CWE-327"),
    ),
    Rule(
        id="PY507", name="weak-cryptography", title="Weak hash, cipher or key size", severity=MEDIUM,
        rationale="MD5/SHA1, DES/RC4/ECB and short RSA/DSA keys are broken or too weak for security use.",
        fix="Use SHA-256+ (or usedforsecurity=False for checksums), AES-GCM and keys of at least 2048 bits.",
        bad="digest = hashlib.md5(password).hexdigest()",
        good="digest = hashlib.sha256(data).hexdigest()",
        peers=("B303", "B304", "B305", "B324", "B505", "B413"),
        references=("CWE-327", "CWE-326", "CWE-328"),
    ),
    Rule(
        id="PY508", name="xml-external-entities", title="XML parsed with a vulnerable parser", severity=MEDIUM,
        rationale="The stdlib XML parsers expand entities, so crafted documents can exhaust memory or read files.",
        fix="Parse untrusted XML with defusedxml (defusedxml.ElementTree.fromstring ...).",
        bad="from xml.etree.ElementTree import fromstring\ntree = fromstring(body)",
        good="from defusedxml.ElementTree import fromstring\ntree = fromstring(body)",
        peers=(
            "B313", "B314", "B315", "B316", "B317", "B318", "B319",
            "B405", "B406", "B407", "B408", "B409", "B411",
        ),
        references=("CWE-611", "CWE-776", "CWE-20"),
    ),
    Rule(
        id="PY509", name="hardcoded-password", title="Password-like literal in code", severity=LOW,
        default=False,
        rationale=(
            "A password in source is shared with everyone who can read the repository and "
            "cannot be rotated without a release. Hard-coded credentials are owned by "
            "sechooks-secrets (SEC140 and the provider rules), which reports each one once; this "
            "rule is off by default so the same password is not reported twice. Enabled "
            "(`--enable PY509`), it also reports password-named variables, arguments and defaults "
            "whatever their value, and `pragma: allowlist secret` silences it as it silences the "
            "secrets hook."
        ),
        fix="Read the password from the environment or a secret manager at run time.",
        bad='password = "hunter2"\ndef connect(user, password="admin"): ...',
        good='password = os.environ["DB_PASSWORD"]',
        peers=("B105", "B106", "B107"),
        references=("CWE-259", "CWE-798"),
    ),
    Rule(
        id="PY510", name="insecure-temp-or-permissions", title="Predictable temp file or loose permissions",
        severity=MEDIUM,
        rationale=(
            "Fixed /tmp paths and tempfile.mktemp race with other local users; world-writable "
            "modes let them replace or read the file."
        ),
        fix="Use tempfile.mkstemp/NamedTemporaryFile/TemporaryDirectory and modes no wider than 0o600/0o700.",
        bad='open("/tmp/app.log", "w")\nos.chmod(path, 0o777)',
        good="with tempfile.NamedTemporaryFile() as f: ...\nos.chmod(path, 0o600)",
        peers=("B108", "B306", "B103"),
        references=("CWE-377", "CWE-732"),
    ),
    Rule(
        id="PY511", name="debug-or-bind-all", title="Debug server or bind to all interfaces", severity=MEDIUM,
        rationale=(
            "Flask's debugger executes code typed into the browser; binding 0.0.0.0 exposes a "
            "service on every network the host is on."
        ),
        fix="Never ship debug=True; bind to 127.0.0.1 or a configured address.",
        bad='app.run(host="0.0.0.0", debug=True)',
        good='app.run(host=os.environ.get("BIND", "127.0.0.1"))',
        peers=("B201", "B104"),
        references=("CWE-94", "CWE-605", "CWE-1327"),
    ),
    Rule(
        id="PY512", name="template-xss", title="Template or markup without escaping", severity=MEDIUM,
        rationale="Markup built or rendered without autoescaping lets user input inject script into pages.",
        fix="Enable autoescape (select_autoescape()), and never mark user data safe.",
        bad="env = jinja2.Environment(autoescape=False)\nhtml = mark_safe(user_bio)",
        good="env = jinja2.Environment(autoescape=jinja2.select_autoescape())",
        peers=("B701", "B702", "B703", "B704", "B308"),
        references=("CWE-79", "CWE-94"),
    ),
    Rule(
        id="PY513", name="insecure-protocol", title="Cleartext or weak protocol", severity=MEDIUM,
        rationale=(
            "telnet, FTP, SNMPv1/2 and XML-RPC send credentials in clear text or are easy to abuse; "
            "urlopen also accepts file:// and custom schemes."
        ),
        fix="Use SSH/SFTP/HTTPS and SNMPv3 with auth+priv; check URL schemes before urlopen.",
        bad="import telnetlib\nftp = ftplib.FTP(host)",
        good="import paramiko\nftp = ftplib.FTP_TLS(host)",
        peers=("B312", "B321", "B401", "B402", "B310", "B508", "B509", "B412"),
        references=("CWE-319", "CWE-22"),
    ),
    Rule(
        id="PY514", name="weak-randomness", title="Non-cryptographic random generator", severity=LOW,
        rationale="The random module is predictable; tokens, passwords or keys drawn from it can be guessed.",
        fix="Use the secrets module (secrets.token_urlsafe, secrets.choice) for anything security-related.",
        bad="token = ''.join(random.choice(ALPHABET) for _ in range(32))",
        good="token = secrets.token_urlsafe(32)",
        peers=("B311",),
        references=("CWE-330",),
    ),
    Rule(
        id="PY515", name="unsafe-archive-extraction", title="tar extraction without member checks",
        severity=MEDIUM,
        rationale="tarfile.extractall follows ../ paths and links in members, writing outside the target.",
        fix="Pass filter='data' (Python 3.12+/backports) or validate every member before extracting.",
        bad="tarfile.open(path).extractall(dest)",
        good="tarfile.open(path).extractall(dest, filter='data')",
        peers=("B202",),
        references=("CWE-22",),
    ),
    Rule(
        id="PY516", name="robustness", title="Assert, swallowed exception or request without timeout",
        severity=LOW,
        rationale=(
            "asserts vanish under python -O, so checks built on them disappear; except/pass hides "
            "failures; a request without a timeout can hang a worker forever."
        ),
        fix="Raise explicit exceptions for checks, handle or log errors, and pass timeout= to HTTP calls.",
        bad="assert user.is_admin\ntry:\n    save()\nexcept Exception:\n    pass",
        good="if not user.is_admin:\n    raise PermissionError(user)",
        default=False,
        peers=("B101", "B110", "B112", "B113"),
        references=("CWE-703", "CWE-400"),
    ),
    Rule(
        id="PY517", name="trojan-source", title="Bidirectional control character in source", severity=HIGH,
        rationale="Unicode bidi overrides make code display differently from how it runs (Trojan Source).",
        fix="Remove the bidirectional control characters; use escapes (\\u202e) in strings that need them.",
        bad='if role != "user\\u202e \\u2066# admin\\u2069 \\u2066":  # the file holds the raw characters',
        good='if role != "user":',
        peers=("B613",),
        references=("CWE-838", "https://trojansource.codes/"),
    ),
    Rule(
        id="PY518", name="insecure-misc", title="Other insecure APIs", severity=MEDIUM,
        rationale=(
            "logging.config.listen executes configuration received on a socket; pyghmi speaks "
            "the weak IPMI protocol."
        ),
        fix="Do not expose logging.config.listen (or pass a verify callable); manage BMCs over Redfish/HTTPS.",
        bad="thread = logging.config.listen(9999)",
        good="logging.config.dictConfig(load_config_file())",
        peers=("B612", "B415"),
        references=("CWE-94", "CWE-319"),
    ),
    Rule(
        id="PY599", name="bandit-other", title="Bandit test without a PY group", severity=MEDIUM,
        rationale=(
            "A bandit test that sechooks has no group for (a newer bandit or a third-party "
            "plugin) still reports, with bandit's own severity, so nothing is lost silently."
        ),
        fix="Follow the bandit test's documentation (see the upstream id in the finding).",
        bad="# any issue from a bandit test id not listed under PY501-PY518",
        good="# code that no bandit plugin flags",
        references=("https://bandit.readthedocs.io/en/latest/plugins/index.html",),
    ),
)

_UPSTREAM = re.compile(r"^B\d{3,}$")
_IDS = {rule.id for rule in RULES}


def _bad_ignore(entry: str) -> str | None:
    glob, sep, ids = entry.rpartition(":")
    if not sep or not glob.strip():
        return f"{entry!r} is not 'glob:ID[,ID]'"
    tokens = [t for t in re.split(r"[,\s]+", ids.strip().upper()) if t]
    if not tokens:
        return f"{entry!r} names no rule or bandit test id"
    for token in tokens:
        if token not in _IDS and not _UPSTREAM.match(token):
            return f"{token!r} in {entry!r} is neither a PY rule id nor a bandit test id (Bnnn)"
    return None


def _check_ignores(value: Any) -> str | None:
    for entry in value:
        problem = _bad_ignore(entry)
        if problem:
            return problem
    return None


def _check_tests(value: Any) -> str | None:
    for token in value:
        if not _UPSTREAM.match(token.strip().upper()):
            return f"{token!r} is not a bandit test id (Bnnn)"
    return None


OPTIONS: dict[str, Option] = {
    "min_confidence": Option(
        default="medium",
        help="drop bandit issues whose confidence is below this (low, medium, high)",
        choices=("low", "medium", "high"),
    ),
    "per_file_ignores": Option(
        default=("test_*.py:B101", "*_test.py:B101", "tests/:B101", "conftest.py:B101"),
        help=(
            "'glob:ID[,ID]' entries: drop these PY rules or bandit tests in matching paths "
            "(replaces the default, which allows assert in tests)"
        ),
        kind=list,
        item=str,
        validate=_check_ignores,
    ),
    "skip_tests": Option(
        default=(),
        help="bandit test ids (Bnnn) never to run, e.g. [\"B101\"]",
        kind=list,
        item=str,
        validate=_check_tests,
    ),
}
