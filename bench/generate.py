"""Deterministic synthetic repositories with planted findings and a manifest of them.

Everything is derived from one seed: the same (seed, size) always gives the same
bytes. Planted secrets are random strings of the right *shape* (prefix, alphabet,
length) and are never real credentials.

    python bench/generate.py --size 2000 --seed 7 --out /tmp/tree
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import string
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Sequence

ANY = "*"  # any finding of that tool on the planted lines counts
UPPER32 = string.ascii_uppercase + "234567"
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
# Substrings that secret filters (ours and the peers') treat as placeholders or stopwords;
# a generated secret containing one is drawn again so that every plant is a real catch.
_AVOID = (
    "example", "sample", "dummy", "placeholder", "changeme", "change_me", "replace_me", "your",
    "redacted", "notreal", "fake", "xxxx", "test", "foo", "bar", "baz", "qwerty", "letmein",
    "todo", "fixme", "null", "none", "undefined", "secret", "token", "password", "default",
    "lorem", "ipsum", "abc", "123", "localhost",
)


@dataclass(frozen=True)
class Kind:
    """What a planted item is and who should catch it."""

    hook: str
    rule: str | None  # None: a decoy that no tool should report
    peers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scope: str = "line"  # "line": a finding on the planted lines; "file": anywhere in the file


DS = "detect-secrets-hook"
HADOLINT = "hadolint"
CK_DOCKER = "checkov-dockerfile"
CK_TF = "checkov-terraform"
PARLIAMENT = "parliament"
BANDIT = "bandit"
CK_K8S = "checkov-kubernetes"
CK_GHA = "checkov-github-actions"
CK_CFN = "checkov-cloudformation"
ZIZMOR = "zizmor"
KICS = "kics"

KINDS: dict[str, Kind] = {
    # secrets: any detect-secrets finding on the planted line counts (it names types differently)
    "aws-access-key-id": Kind("sechooks-secrets", "SEC101", {DS: (ANY,)}),
    "aws-secret-access-key": Kind("sechooks-secrets", "SEC102", {DS: (ANY,)}),
    "github-classic-pat": Kind("sechooks-secrets", "SEC103", {DS: (ANY,)}),
    "slack-token": Kind("sechooks-secrets", "SEC107", {DS: (ANY,)}),
    "stripe-live-key": Kind("sechooks-secrets", "SEC109", {DS: (ANY,)}),
    "google-api-key": Kind("sechooks-secrets", "SEC111", {DS: (ANY,)}),
    "private-key": Kind("sechooks-secrets", "SEC113", {DS: (ANY,)}),
    "credentials-in-url": Kind("sechooks-secrets", "SEC123", {DS: (ANY,)}),
    "password-assignment": Kind("sechooks-secrets", "SEC140", {DS: (ANY,)}),
    "curl-user-password": Kind("sechooks-secrets", "SEC143", {DS: (ANY,)}),
    # the AWS documentation key outside docs: how teams prove the gate works (SEC139, low)
    "aws-doc-key": Kind("sechooks-secrets", "SEC139", {DS: (ANY,)}),
    "decoy-placeholder-password": Kind("sechooks-secrets", None, {DS: (ANY,)}),
    "decoy-env-reference": Kind("sechooks-secrets", None, {DS: (ANY,)}),
    "decoy-template-reference": Kind("sechooks-secrets", None, {DS: (ANY,)}),
    "decoy-pem-header-in-code": Kind("sechooks-secrets", None, {DS: (ANY,)}),
    # Dockerfile
    "docker-user-root": Kind("sechooks-dockerfile", "DKR201", {HADOLINT: ("DL3002",), CK_DOCKER: ("CKV_DOCKER_8",)}),
    "docker-user-unset": Kind("sechooks-dockerfile", "DKR202", {CK_DOCKER: ("CKV_DOCKER_3",)}, scope="file"),
    "docker-base-untagged": Kind("sechooks-dockerfile", "DKR203", {HADOLINT: ("DL3006",), CK_DOCKER: ("CKV_DOCKER_7",)}),
    "docker-base-latest": Kind("sechooks-dockerfile", "DKR204", {HADOLINT: ("DL3007",), CK_DOCKER: ("CKV_DOCKER_7",)}),
    "docker-healthcheck-missing": Kind("sechooks-dockerfile", "DKR206", {HADOLINT: ("DL3057",), CK_DOCKER: ("CKV_DOCKER_2",)}, scope="file"),
    "docker-add-instead-of-copy": Kind("sechooks-dockerfile", "DKR211", {HADOLINT: ("DL3020",), CK_DOCKER: ("CKV_DOCKER_4",)}),
    "docker-sudo": Kind("sechooks-dockerfile", "DKR213", {HADOLINT: ("DL3004",), CK_DOCKER: ("CKV2_DOCKER_1",)}),
    "docker-ssh-port": Kind("sechooks-dockerfile", "DKR216", {CK_DOCKER: ("CKV_DOCKER_1",)}),
    # Terraform network exposure
    "tf-sg-ssh-world": Kind("sechooks-terraform", "NET301", {CK_TF: ("CKV_AWS_24",)}),
    "tf-sg-rdp-world": Kind("sechooks-terraform", "NET302", {CK_TF: ("CKV_AWS_25",)}),
    "tf-sg-all-world": Kind("sechooks-terraform", "NET303", {CK_TF: ("CKV_AWS_277",)}),
    "tf-sg-db-world": Kind("sechooks-terraform", "NET304", {CK_TF: ()}),
    "tf-sgrule-ssh-world": Kind("sechooks-terraform", "NET301", {CK_TF: ("CKV_AWS_24",)}),
    "tf-gcp-ssh-world": Kind("sechooks-terraform", "NET301", {CK_TF: ("CKV_GCP_2",)}),
    "decoy-tf-https-world": Kind("sechooks-terraform", None, {CK_TF: ("CKV_AWS_260", "CKV_AWS_24", "CKV_AWS_25")}),
    # IAM (policy JSON and policies embedded in Terraform)
    "iam-full-admin": Kind("sechooks-iam", "IAM401", {PARLIAMENT: (ANY,)}),
    "iam-iam-wildcard": Kind("sechooks-iam", "IAM403", {PARLIAMENT: ("PERMISSIONS_MANAGEMENT_ACTIONS", "PRIVILEGE_ESCALATION")}),
    "iam-s3-wildcard": Kind("sechooks-iam", "IAM404", {PARLIAMENT: (ANY,)}),
    "iam-notresource": Kind("sechooks-iam", "IAM406", {PARLIAMENT: ("NOTRESOURCE_WITH_ALLOW",)}),
    "iam-passrole-star": Kind("sechooks-iam", "IAM410", {PARLIAMENT: (ANY,)}),
    "iam-privesc-policy-version": Kind("sechooks-iam", "IAM411", {PARLIAMENT: ("PRIVILEGE_ESCALATION",)}),
    "iam-public-principal": Kind("sechooks-iam", "IAM408", {PARLIAMENT: (ANY,)}),
    "tf-iam-full-admin": Kind("sechooks-iam", "IAM401", {CK_TF: ("CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_49")}),
    "decoy-iam-deny-star": Kind("sechooks-iam", None, {PARLIAMENT: (ANY,)}),
    # Kubernetes manifests (Pod Security Standards)
    "k8s-privileged": Kind("sechooks-kubernetes", "K8S603", {CK_K8S: ("CKV_K8S_16",)}),
    "k8s-docker-sock": Kind("sechooks-kubernetes", "K8S605", {CK_K8S: ("CKV_K8S_27",)}),
    "k8s-host-network": Kind("sechooks-kubernetes", "K8S602", {CK_K8S: ("CKV_K8S_19",)}),
    "k8s-image-latest": Kind("sechooks-kubernetes", "K8S620", {CK_K8S: ("CKV_K8S_14",)}),
    "k8s-env-secret": Kind("sechooks-kubernetes", "K8S621", {CK_K8S: ("CKV_K8S_35",)}),
    "decoy-k8s-secret-ref": Kind("sechooks-kubernetes", None, {CK_K8S: ("CKV_K8S_35",)}),
    # GitHub Actions workflows
    "gha-unpinned-branch": Kind("sechooks-actions", "GHA701", {ZIZMOR: ("unpinned-uses",)}),
    "gha-template-injection": Kind("sechooks-actions", "GHA707", {ZIZMOR: ("template-injection",), CK_GHA: ("CKV_GHA_2",)}),
    "gha-pipe-to-shell": Kind("sechooks-actions", "GHA712", {CK_GHA: ("CKV_GHA_3",)}),
    "decoy-gha-pinned-sha": Kind("sechooks-actions", None, {ZIZMOR: ("unpinned-uses",)}),
    "decoy-gha-env-indirection": Kind("sechooks-actions", None, {ZIZMOR: ("template-injection",), CK_GHA: ("CKV_GHA_2",)}),
    # docker-compose
    "compose-privileged": Kind("sechooks-compose", "CMP801", {KICS: (ANY,)}),
    "compose-docker-sock": Kind("sechooks-compose", "CMP806", {KICS: (ANY,)}),
    "compose-db-port-all": Kind("sechooks-compose", "CMP816", {KICS: (ANY,)}),
    "compose-env-password": Kind("sechooks-compose", "CMP815", {KICS: (ANY,)}),
    "decoy-compose-loopback-port": Kind("sechooks-compose", None, {KICS: (ANY,)}),
    "decoy-compose-env-reference": Kind("sechooks-compose", None, {KICS: (ANY,)}),
    # CloudFormation (the network and IAM rules of Terraform and IAM)
    "cfn-sg-ssh-world": Kind("sechooks-cloudformation", "NET301", {CK_CFN: ("CKV_AWS_24",)}),
    "cfn-sg-ssh-param-default": Kind("sechooks-cloudformation", "NET301", {CK_CFN: ("CKV_AWS_24",)}),
    "cfn-iam-full-admin": Kind("sechooks-cloudformation", "IAM401", {CK_CFN: ("CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111")}),
    "decoy-cfn-https-world": Kind("sechooks-cloudformation", None, {CK_CFN: ("CKV_AWS_260", "CKV_AWS_24", "CKV_AWS_25")}),
    # Python (bandit)
    "py-shell-true": Kind("sechooks-python", "PY501", {BANDIT: ("B602",)}),
    "py-eval": Kind("sechooks-python", "PY503", {BANDIT: ("B307",)}),
    "py-pickle-loads": Kind("sechooks-python", "PY504", {BANDIT: ("B301",)}),
    "py-yaml-load": Kind("sechooks-python", "PY504", {BANDIT: ("B506",)}),
    "py-sql-format": Kind("sechooks-python", "PY505", {BANDIT: ("B608",)}),
    "py-verify-false": Kind("sechooks-python", "PY506", {BANDIT: ("B501",)}),
    "py-md5": Kind("sechooks-python", "PY507", {BANDIT: ("B324",)}),
    "py-bind-all": Kind("sechooks-python", "PY511", {BANDIT: ("B104",)}),
}


@dataclass
class Planted:
    id: str
    kind: str
    hook: str
    rule: str | None
    path: str
    line: int
    span: tuple[int, int]
    scope: str
    peers: dict[str, tuple[str, ...]]
    secret: str | None = None


@dataclass
class Doc:
    """A file being written: its lines and what was planted in it."""

    path: str
    lines: list[str] = field(default_factory=list)
    plants: list[tuple[str, int, int, int, str | None]] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        for chunk in lines:
            self.lines.extend(chunk.split("\n"))

    def plant(self, kind: str, block: str, at: int = 0, secret: str | None = None) -> None:
        """Append `block`; the finding is expected on its line `at` (0-based in the block)."""
        start = len(self.lines) + 1
        self.add(block)
        end = len(self.lines)
        self.plants.append((kind, start + at, start, end, secret))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# --- fake secrets -------------------------------------------------------------

def entropy(text: str) -> float:
    counts = {c: text.count(c) for c in set(text)}
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _clean(value: str, floor: float) -> bool:
    low = value.lower()
    return entropy(value) >= floor and not any(word in low for word in _AVOID)


def _draw(rng: random.Random, alphabet: str, n: int, floor: float = 3.0) -> str:
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(n))
        if _clean(value, floor):
            return value


def aws_key_id(rng: random.Random) -> str:
    return "AKIA" + _draw(rng, UPPER32, 16, 3.2)


def aws_secret_key(rng: random.Random) -> str:
    return _draw(rng, B64, 40, 4.3)


def github_pat(rng: random.Random) -> str:
    return "ghp_" + _draw(rng, ALNUM, 36, 4.0)


def slack_token(rng: random.Random) -> str:
    def digits(n: int) -> str:
        return "".join(rng.choice(string.digits[1:]) for _ in range(n))

    return f"xoxb-{digits(11)}-{digits(12)}-" + _draw(rng, ALNUM, 24, 3.8)


def stripe_key(rng: random.Random) -> str:
    return "sk_live_" + _draw(rng, ALNUM, 24, 3.8)


def google_key(rng: random.Random) -> str:
    return "AIza" + _draw(rng, ALNUM + "_-", 35, 4.0)


def password(rng: random.Random, symbols: str = "!%+-_.") -> str:
    while True:
        value = _draw(rng, ALNUM + symbols, 14, 3.2)
        classes = sum(any(c in group for c in value) for group in (string.ascii_lowercase, string.ascii_uppercase, string.digits, symbols))
        if classes >= 3:
            return value


def pem_body(rng: random.Random, lines: int = 12) -> list[str]:
    body = [_draw(rng, B64, 64, 4.5) for _ in range(lines)]
    body.append(_draw(rng, B64, 20, 3.5) + "==")
    return body


# --- vocabulary for filler code -------------------------------------------------

WORDS = (
    "account", "order", "invoice", "ledger", "report", "session", "catalog", "cart", "price",
    "shipment", "customer", "tenant", "metric", "queue", "worker", "event", "batch", "record",
    "profile", "audit", "billing", "search", "index", "upload", "export", "payment", "stock",
    "schedule", "notify", "render", "archive", "partner", "region", "quota", "cache", "route",
)
SERVICES = (
    "api", "web", "billing", "search", "worker", "gateway", "auth", "reports", "ingest",
    "notifier", "scheduler", "exporter", "ledger", "catalog", "checkout", "admin",
)


def _ident(rng: random.Random, parts: int = 2) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(parts))


def _camel(rng: random.Random) -> str:
    first, second = rng.choice(WORDS), rng.choice(WORDS)
    return first + second.capitalize()


# --- file builders ------------------------------------------------------------

Builder = Callable[[random.Random, Doc, int], None]


def _python_filler(rng: random.Random, doc: Doc) -> None:
    name = _ident(rng)
    doc.add(
        "",
        "",
        f"def {name}(items: list[dict[str, int]], limit: int = {rng.randint(2, 500)}) -> dict[str, int]:",
        f'    """Summarise {rng.choice(WORDS)} rows by {rng.choice(WORDS)}."""',
        "    totals: dict[str, int] = {}",
        "    for item in items[:limit]:",
        f'        key = str(item.get("{rng.choice(WORDS)}", "unknown"))',
        f'        totals[key] = totals.get(key, 0) + int(item.get("{rng.choice(WORDS)}", 0)) * {rng.randint(1, 9)}',
        f'    LOG.debug("{name}: %d groups", len(totals))',
        "    return totals",
    )
    if rng.random() < 0.5:
        cls = _camel(rng).capitalize()
        doc.add(
            "",
            "",
            "@dataclass",
            f"class {cls}:",
            f"    {rng.choice(WORDS)}_id: int",
            f'    label: str = "{rng.choice(WORDS)}"',
            f"    weight: float = {rng.randint(1, 99) / 10}",
            "",
            "    def scaled(self, factor: float) -> float:",
            "        return self.weight * factor",
        )


PY_PLANTS: dict[str, tuple[str, int, str]] = {
    # kind: (block, line offset of the finding, import it needs)
    "py-shell-true": ("def run_task(command: str) -> int:\n    return subprocess.run(command, shell=True, check=False).returncode", 1, "import subprocess"),
    "py-eval": ("def evaluate(expression: str) -> object:\n    return eval(expression)", 1, ""),
    "py-pickle-loads": ("def restore(blob: bytes) -> object:\n    return pickle.loads(blob)", 1, "import pickle"),
    "py-yaml-load": ("def read_settings(stream: str) -> object:\n    return yaml.load(stream, Loader=yaml.Loader)", 1, "import yaml"),
    "py-sql-format": ("def find_user(cursor: object, name: str) -> object:\n    return cursor.execute(\"SELECT id, email FROM users WHERE name = '%s'\" % name)", 1, ""),
    "py-verify-false": ("def fetch(url: str) -> bytes:\n    return requests.get(url, timeout=10, verify=False).content", 1, "import requests"),
    "py-md5": ("def checksum(data: bytes) -> str:\n    return hashlib.md5(data).hexdigest()", 1, "import hashlib"),
    "py-bind-all": ('def serve(app: object) -> None:\n    app.run(host="0.0.0.0", port=8080)', 1, ""),
}


def build_python(rng: random.Random, doc: Doc, plants: int) -> None:
    chosen = [rng.choice(sorted(PY_PLANTS)) for _ in range(plants)]
    secret_kind = rng.random() < 0.12
    imports = sorted({PY_PLANTS[k][2] for k in chosen if PY_PLANTS[k][2]} | {"import logging", "import os"})
    doc.add(f'"""{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} helpers."""', "from __future__ import annotations", "")
    doc.add(*imports)
    doc.add("from dataclasses import dataclass", "", "LOG = logging.getLogger(__name__)")
    doc.add(f'{_ident(rng).upper()}_LIMIT = int(os.environ.get("LIMIT", "{rng.randint(10, 999)}"))')
    if secret_kind:
        choice = rng.random()
        if choice < 0.4:
            value = github_pat(rng)
            doc.plant("github-classic-pat", f'GITHUB_TOKEN = "{value}"', secret=value)
        elif choice < 0.7:
            value = password(rng)
            doc.plant("password-assignment", f'DB_PASSWORD = "{value}"', secret=value)
        elif choice < 0.85:
            doc.plant("decoy-env-reference", 'API_TOKEN = os.environ["API_TOKEN"]')
        else:
            doc.plant("decoy-pem-header-in-code", 'PEM_HEADER = "-----BEGIN RSA PRIVATE KEY-----"')
    for _ in range(rng.randint(2, 14)):
        _python_filler(rng, doc)
    for kind in chosen:
        block, at, _ = PY_PLANTS[kind]
        doc.add("", "")
        doc.plant(kind, block, at)


def build_js(rng: random.Random, doc: Doc, plants: int) -> None:
    doc.add("'use strict';", "", f"const {rng.choice(WORDS)} = require('./{rng.choice(WORDS)}');", "")
    for _ in range(plants):
        choice = rng.random()
        if choice < 0.35:
            value = stripe_key(rng)
            doc.plant("stripe-live-key", f"const stripeKey = '{value}';", secret=value)
        elif choice < 0.6:
            value = slack_token(rng)
            doc.plant("slack-token", f"const slackToken = '{value}';", secret=value)
        elif choice < 0.8:
            value = google_key(rng)
            doc.plant("google-api-key", f"const mapsKey = '{value}';", secret=value)
        else:
            pw = password(rng, symbols="-_")
            url = f"postgres://app_{rng.choice(WORDS)}:{pw}@db-{rng.randint(1, 99)}.internal:5432/{rng.choice(WORDS)}"
            doc.plant("credentials-in-url", f"const databaseUrl = '{url}';", secret=pw)
    for _ in range(rng.randint(2, 12)):
        fn = _camel(rng)
        field_name = rng.choice(WORDS)
        doc.add(
            "",
            f"function {fn}(items, limit = {rng.randint(5, 200)}) {{",
            "  const out = [];",
            "  for (const item of items.slice(0, limit)) {",
            f"    if (item && item.{field_name}) {{",
            f"      out.push({{ id: item.id, value: item.{field_name} * {rng.randint(2, 9)} }});",
            "    }",
            "  }",
            "  return out;",
            "}",
            f"module.exports.{fn} = {fn};",
        )


def build_yaml(rng: random.Random, doc: Doc, plants: int) -> None:
    svc = rng.choice(SERVICES)
    doc.add(
        f"service: {svc}",
        f"replicas: {rng.randint(1, 12)}",
        f"image: registry.internal/{svc}:{rng.randint(1, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 9)}",
        "settings:",
    )
    for _ in range(rng.randint(5, 60)):
        doc.add(f"  {_ident(rng)}: {rng.choice(['true', 'false', str(rng.randint(1, 5000)), rng.choice(WORDS)])}")
    for _ in range(plants):
        choice = rng.random()
        if choice < 0.3:
            key_id, secret = aws_key_id(rng), aws_secret_key(rng)
            doc.plant("aws-access-key-id", f"  aws_access_key_id: {key_id}", secret=key_id)
            doc.plant("aws-secret-access-key", f"  aws_secret_access_key: {secret}", secret=secret)
        elif choice < 0.55:
            value = password(rng)
            doc.plant("password-assignment", f"  smtp_password: '{value}'", secret=value)
        elif choice < 0.75:
            value = slack_token(rng)
            doc.plant("slack-token", f"  slack_bot_token: {value}", secret=value)
        elif choice < 0.9:
            doc.plant("decoy-template-reference", "  db_password: '{{ vault_db_password }}'")
        else:
            doc.plant("decoy-placeholder-password", "  admin_password: changeme")
    doc.add("env:")
    for _ in range(rng.randint(1, 8)):
        doc.add(f"  - name: {_ident(rng).upper()}", f"    value: \"{rng.choice(WORDS)}\"")


def build_json_config(rng: random.Random, doc: Doc, plants: int) -> None:
    entries = [f'    "{_ident(rng)}": {rng.randint(0, 9999)}' for _ in range(rng.randint(5, 60))]
    doc.add("{", f'  "name": "{rng.choice(SERVICES)}",', '  "settings": {')
    doc.add(",\n".join(entries) + ("," if plants else ""))
    for index in range(plants):
        value = github_pat(rng)
        comma = "," if index < plants - 1 else ""
        doc.plant("github-classic-pat", f'    "github_token": "{value}"{comma}', secret=value)
    doc.add("  }", "}")


def _statement(lines: Sequence[str], last: bool) -> str:
    body = ",\n".join(f"        {line}" for line in lines)
    return "    {\n" + body + "\n    }" + ("" if last else ",")


IAM_PLANTS: dict[str, list[str]] = {
    "iam-full-admin": ['"Effect": "Allow"', '"Action": "*"', '"Resource": "*"'],
    "iam-iam-wildcard": ['"Effect": "Allow"', '"Action": ["iam:*"]', '"Resource": "*"'],
    "iam-s3-wildcard": ['"Effect": "Allow"', '"Action": "s3:*"', '"Resource": "*"'],
    "iam-notresource": ['"Effect": "Allow"', '"Action": ["sqs:SendMessage"]', '"NotResource": ["arn:aws:sqs:eu-west-1:111122223333:internal-*"]'],
    "iam-passrole-star": ['"Effect": "Allow"', '"Action": "iam:PassRole"', '"Resource": "*"'],
    "iam-privesc-policy-version": ['"Effect": "Allow"', '"Action": ["iam:CreatePolicyVersion"]', '"Resource": "*"'],
    "iam-public-principal": ['"Effect": "Allow"', '"Principal": "*"', '"Action": ["sqs:SendMessage"]', '"Resource": "arn:aws:sqs:eu-west-1:111122223333:inbox"'],
    "decoy-iam-deny-star": ['"Effect": "Deny"', '"Action": "*"', '"Resource": "*"', '"Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}'],
}
# (actions, resource pattern) that are least-privilege and consistent (no peer should object)
CLEAN_STATEMENTS = (
    (("sqs:SendMessage", "sqs:DeleteMessage", "sqs:ReceiveMessage"), "arn:aws:sqs:eu-west-1:111122223333:{name}"),
    (("logs:CreateLogStream", "logs:PutLogEvents"), "arn:aws:logs:eu-west-1:111122223333:log-group:/app/{name}:log-stream:*"),
    (("sns:Publish",), "arn:aws:sns:eu-west-1:111122223333:{name}"),
    (("s3:PutObject",), "arn:aws:s3:::{name}/uploads/*"),
)


def build_policy(rng: random.Random, doc: Doc, plants: int) -> None:
    # One real plant per document: IAM4xx reports once per (document, rule), at the first
    # offending statement, so a second plant could be reported at the first one's line.
    kinds = [rng.choice(sorted(IAM_PLANTS))] if plants else []
    if plants > 1 and kinds[0] != "decoy-iam-deny-star":
        kinds.append("decoy-iam-deny-star")
    clean = rng.randint(1, 3)
    doc.add("{", '  "Version": "2012-10-17",', '  "Statement": [')
    total = clean + len(kinds)
    for index in range(clean):
        names, resource = rng.choice(CLEAN_STATEMENTS)
        actions = ", ".join(f'"{a}"' for a in names)
        arn = resource.format(name=f"{rng.choice(WORDS)}-{rng.randint(1, 99)}")
        doc.add(_statement([f'"Sid": "Allow{_camel(rng)}{index}"', '"Effect": "Allow"', f'"Action": [{actions}]', f'"Resource": "{arn}"'], index == total - 1))
    for offset, kind in enumerate(kinds):
        doc.plant(kind, _statement(IAM_PLANTS[kind], clean + offset == total - 1), at=0)
    doc.add("  ]", "}")


def build_env(rng: random.Random, doc: Doc, plants: int) -> None:
    doc.add(f"APP_NAME={rng.choice(SERVICES)}", f"LOG_LEVEL={rng.choice(['info', 'debug', 'warning'])}", f"PORT={rng.randint(3000, 9000)}")
    for _ in range(plants):
        choice = rng.random()
        if choice < 0.35:
            value = password(rng)
            doc.plant("password-assignment", f"DB_PASSWORD={value}", secret=value)
        elif choice < 0.6:
            key_id = aws_key_id(rng)
            doc.plant("aws-access-key-id", f"AWS_ACCESS_KEY_ID={key_id}", secret=key_id)
        elif choice < 0.75:
            doc.plant("aws-doc-key", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE")  # pragma: allowlist secret
        elif choice < 0.9:
            doc.plant("decoy-env-reference", "API_TOKEN=${API_TOKEN}")
        else:
            doc.plant("decoy-placeholder-password", "ADMIN_PASSWORD=changeme")
    doc.add(f"CACHE_TTL={rng.randint(10, 3600)}")


def build_shell(rng: random.Random, doc: Doc, plants: int) -> None:
    doc.add("#!/usr/bin/env bash", "set -euo pipefail", "", f'cd "$(dirname "$0")/.."')
    for _ in range(plants):
        if rng.random() < 0.5:
            value = github_pat(rng)
            doc.plant("github-classic-pat", f"export GITHUB_TOKEN={value}", secret=value)
        else:
            pw = password(rng, symbols="-_")
            doc.plant("curl-user-password", f"curl -fsS -u deploy:{pw} https://artifacts.internal/upload -T build.tar.gz", secret=pw)
    for _ in range(rng.randint(2, 10)):
        doc.add(f'echo "{rng.choice(WORDS)} {rng.choice(WORDS)}"', f"mkdir -p build/{rng.choice(WORDS)}")


def build_pem(rng: random.Random, doc: Doc, plants: int) -> None:
    label = rng.choice(["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY"])
    body = pem_body(rng, rng.randint(4, 20))
    block = "\n".join([f"-----BEGIN {label}-----", *body, f"-----END {label}-----"])
    doc.plant("private-key", block, secret=body[0])


def build_markdown(rng: random.Random, doc: Doc, plants: int) -> None:
    doc.add(f"# {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}", "")
    for _ in range(rng.randint(4, 24)):
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        doc.add(sentence.capitalize() + ".", "")
    doc.add("```bash", f"make {rng.choice(WORDS)}", "```")


def build_text(rng: random.Random, doc: Doc, plants: int) -> None:
    doc.add(f"[{rng.choice(WORDS)}]")
    for _ in range(rng.randint(3, 20)):
        doc.add(f"{_ident(rng)} = {rng.randint(0, 1000)}")


# Dockerfiles: a clean multi-stage template; each plant changes one thing.
DOCKER_PLANTS = (
    "docker-user-root", "docker-user-unset", "docker-base-untagged", "docker-base-latest",
    "docker-healthcheck-missing", "docker-add-instead-of-copy", "docker-sudo", "docker-ssh-port",
)
BASES = (("python", "3.12-slim"), ("node", "20-bookworm-slim"), ("golang", "1.22-bookworm"), ("ruby", "3.3-slim"))


def build_dockerfile(rng: random.Random, doc: Doc, plants: int) -> None:
    kinds = set(rng.sample(DOCKER_PLANTS, min(plants, len(DOCKER_PLANTS))))
    if "docker-user-root" in kinds:  # one USER story per file
        kinds.discard("docker-user-unset")
    if "docker-base-untagged" in kinds:
        kinds.discard("docker-base-latest")
    image, tag = rng.choice(BASES)
    port = rng.choice((8000, 8080, 3000, 9090))
    doc.add("# syntax=docker/dockerfile:1", f"FROM {image}:{tag} AS build", "WORKDIR /src", "COPY . .")
    doc.add(f"RUN make build && make test-{rng.choice(WORDS)}", "")
    if "docker-base-untagged" in kinds:
        doc.plant("docker-base-untagged", f"FROM {image}")
    elif "docker-base-latest" in kinds:
        doc.plant("docker-base-latest", f"FROM {image}:latest")
    else:
        doc.add(f"FROM {image}:{tag}")
    final_from = len(doc.lines)
    doc.add("WORKDIR /app", "COPY --from=build /src/dist /app")
    if "docker-add-instead-of-copy" in kinds:
        doc.plant("docker-add-instead-of-copy", "ADD config/ /app/config/")
    else:
        doc.add("COPY config/ /app/config/")
    if "docker-sudo" in kinds:
        doc.plant("docker-sudo", "RUN sudo chown -R 10001:10001 /app")
    doc.add(f"ENV APP_PORT={port} APP_ENV=production")
    if "docker-ssh-port" in kinds:
        doc.plant("docker-ssh-port", f"EXPOSE {port} 22")
    else:
        doc.add(f"EXPOSE {port}")
    if "docker-user-root" in kinds:
        doc.plant("docker-user-root", "USER root")
    elif "docker-user-unset" not in kinds:
        doc.add("USER 10001")
    if "docker-healthcheck-missing" not in kinds:
        doc.add(f'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck", "--port", "{port}"]')
    doc.add('ENTRYPOINT ["/app/server"]')
    for kind in ("docker-user-unset", "docker-healthcheck-missing"):
        if kind in kinds:  # reported at the final stage's FROM line (RULES.md §0.5)
            doc.plants.append((kind, final_from, 1, len(doc.lines), None))


def _tf_ingress(from_port: int, to_port: int, protocol: str, cidr: str) -> str:
    return "\n".join([
        "  ingress {",
        f"    from_port   = {from_port}",
        f"    to_port     = {to_port}",
        f'    protocol    = "{protocol}"',
        f'    cidr_blocks = ["{cidr}"]',
        "  }",
    ])


def _tf_sg(name: str, ingress: str) -> str:
    return "\n".join([
        f'resource "aws_security_group" "{name}" {{',
        f'  name        = "{name.replace("_", "-")}"',
        f'  description = "{name} traffic"',
        "  vpc_id      = var.vpc_id",
        "",
        ingress,
        "",
        "  egress {",
        "    from_port   = 443",
        "    to_port     = 443",
        '    protocol    = "tcp"',
        '    cidr_blocks = ["10.0.0.0/8"]',
        "  }",
        "}",
    ])


TF_PLANTS: dict[str, Callable[[str], str]] = {
    "tf-sg-ssh-world": lambda n: _tf_sg(n, _tf_ingress(22, 22, "tcp", "0.0.0.0/0")),
    "tf-sg-rdp-world": lambda n: _tf_sg(n, _tf_ingress(3389, 3389, "tcp", "0.0.0.0/0")),
    "tf-sg-all-world": lambda n: _tf_sg(n, _tf_ingress(0, 0, "-1", "0.0.0.0/0")),
    "tf-sg-db-world": lambda n: _tf_sg(n, _tf_ingress(5432, 5432, "tcp", "0.0.0.0/0")),
    "tf-sgrule-ssh-world": lambda n: "\n".join([
        f'resource "aws_security_group_rule" "{n}" {{',
        '  type              = "ingress"',
        "  from_port         = 22",
        "  to_port           = 22",
        '  protocol          = "tcp"',
        '  cidr_blocks       = ["0.0.0.0/0"]',
        "  security_group_id = var.security_group_id",
        "}",
    ]),
    "tf-gcp-ssh-world": lambda n: "\n".join([
        f'resource "google_compute_firewall" "{n}" {{',
        f'  name    = "{n.replace("_", "-")}"',
        "  network = var.network",
        "",
        "  allow {",
        '    protocol = "tcp"',
        '    ports    = ["22"]',
        "  }",
        "",
        '  source_ranges = ["0.0.0.0/0"]',
        "}",
    ]),
    "decoy-tf-https-world": lambda n: _tf_sg(n, _tf_ingress(443, 443, "tcp", "0.0.0.0/0")),
    "tf-iam-full-admin": lambda n: "\n".join([
        f'resource "aws_iam_policy" "{n}" {{',
        f'  name = "{n}"',
        "  policy = jsonencode({",
        '    Version = "2012-10-17"',
        "    Statement = [{",
        '      Effect   = "Allow"',
        '      Action   = "*"',
        '      Resource = "*"',
        "    }]",
        "  })",
        "}",
    ]),
}


def _tf_clean_block(rng: random.Random, index: int) -> str:
    name = f"{_ident(rng)}_{index}"
    pick = rng.random()
    if pick < 0.35:
        return _tf_sg(name, _tf_ingress(443, 443, "tcp", f"10.{rng.randint(0, 255)}.0.0/16"))
    if pick < 0.6:
        return "\n".join([
            f'resource "aws_s3_bucket" "{name}" {{',
            f'  bucket = "{name.replace("_", "-")}-{rng.randint(100, 999)}"',
            "  tags = {",
            f'    team = "{rng.choice(WORDS)}"',
            "  }",
            "}",
        ])
    if pick < 0.8:
        return "\n".join([
            f'resource "aws_instance" "{name}" {{',
            "  ami           = var.ami_id",
            f'  instance_type = "t3.{rng.choice(["micro", "small", "medium"])}"',
            "  subnet_id     = var.subnet_id",
            "}",
        ])
    return "\n".join([
        f'output "{name}" {{',
        f"  value = var.{rng.choice(WORDS)}_id",
        "}",
    ])


def build_terraform(rng: random.Random, doc: Doc, plants: int, kinds: Sequence[str] | None = None) -> None:
    doc.add('variable "vpc_id" {', "  type = string", "}", "")
    chosen = list(kinds) if kinds is not None else [rng.choice(sorted(TF_PLANTS)) for _ in range(plants)]
    blocks = rng.randint(1, 6)
    for index in range(blocks):
        doc.add(_tf_clean_block(rng, index), "")
    for index, kind in enumerate(chosen):
        doc.plant(kind, TF_PLANTS[kind](f"{kind.replace('-', '_')}_{index}"))
        doc.add("")


def build_terraform_plain(rng: random.Random, doc: Doc, plants: int) -> None:
    """Terraform with no network or IAM resource at all (the cheap path)."""
    doc.add('variable "region" {', "  type    = string", '  default = "eu-west-1"', "}", "")
    for index in range(rng.randint(2, 6)):
        name = f"{_ident(rng)}_{index}"
        doc.add(
            f'resource "aws_s3_bucket" "{name}" {{',
            f'  bucket = "{name.replace("_", "-")}"',
            "}",
            "",
            f'resource "aws_cloudwatch_log_group" "{name}" {{',
            f'  name              = "/app/{name}"',
            f"  retention_in_days = {rng.choice((7, 14, 30, 90))}",
            "}",
            "",
        )


# --- the YAML families ------------------------------------------------------------

K8S_PLANTS = ("k8s-privileged", "k8s-docker-sock", "k8s-host-network", "k8s-image-latest", "k8s-env-secret")


def build_kubernetes(rng: random.Random, doc: Doc, plants: int) -> None:
    """A Deployment hardened to the restricted profile, with planted violations and decoys."""
    kinds = set(rng.sample(K8S_PLANTS, min(plants, len(K8S_PLANTS))))
    name = _ident(rng).replace("_", "-")
    image, tag = rng.choice(BASES)
    port = rng.choice((8000, 8080, 3000, 9090))
    doc.add("apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {name}", f"  labels: {{app: {name}}}",
            "spec:", f"  replicas: {rng.randint(1, 4)}", f"  selector: {{matchLabels: {{app: {name}}}}}", "  template:",
            f"    metadata: {{labels: {{app: {name}}}}}", "    spec:")
    if "k8s-host-network" in kinds:
        doc.plant("k8s-host-network", "      hostNetwork: true")
    doc.add("      securityContext:", "        runAsNonRoot: true", "        runAsUser: 10001",
            "        seccompProfile: {type: RuntimeDefault}", "      containers:", f"        - name: {name}")
    if "k8s-image-latest" in kinds:
        doc.plant("k8s-image-latest", f"          image: {image}:latest")
    else:
        doc.add(f"          image: {image}:{tag}")
    doc.add(f"          ports: [{{containerPort: {port}}}]", "          env:",
            f"            - {{name: APP_PORT, value: \"{port}\"}}")
    doc.plant("decoy-k8s-secret-ref", "            - name: DB_PASSWORD\n              valueFrom: {secretKeyRef: {name: db, key: password}}")
    if "k8s-env-secret" in kinds:
        secret = password(rng)
        doc.plant("k8s-env-secret", f"            - {{name: API_SECRET, value: \"{secret}\"}}", secret=secret)
    doc.add("          resources: {limits: {memory: 256Mi, cpu: 500m}}", "          securityContext:",
            "            allowPrivilegeEscalation: false", "            readOnlyRootFilesystem: true")
    if "k8s-privileged" in kinds:
        doc.plant("k8s-privileged", "            privileged: true")
    doc.add("            capabilities: {drop: [ALL]}")
    if "k8s-docker-sock" in kinds:
        doc.add("          volumeMounts: [{name: docker, mountPath: /var/run/docker.sock}]", "      volumes:")
        doc.plant("k8s-docker-sock", "        - name: docker\n          hostPath: {path: /var/run/docker.sock}", at=1)


GHA_PLANTS = ("gha-unpinned-branch", "gha-template-injection", "gha-pipe-to-shell")


def build_workflow(rng: random.Random, doc: Doc, plants: int) -> None:
    """A pull-request workflow with pinned actions, an env: indirection, and planted problems."""
    kinds = set(rng.sample(GHA_PLANTS, min(plants, len(GHA_PLANTS))))
    sha = "".join(rng.choice("0123456789abcdef") for _ in range(40))
    doc.add(f"name: {_ident(rng)}", "on:", "  pull_request:", "    branches: [main]", "permissions:", "  contents: read",
            "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:")
    doc.plant("decoy-gha-pinned-sha", f"      - uses: actions/checkout@{sha} # v4.1.2\n        with: {{persist-credentials: false}}")
    if "gha-unpinned-branch" in kinds:
        doc.plant("gha-unpinned-branch", f"      - uses: {_ident(rng).replace('_', '-')}/{_ident(rng).replace('_', '-')}-action@master")
    doc.plant("decoy-gha-env-indirection", "      - name: greet\n        env: {TITLE: \"${{ github.event.pull_request.title }}\"}\n        run: echo \"$TITLE\"", at=2)
    if "gha-template-injection" in kinds:
        doc.plant("gha-template-injection", "      - name: label\n        run: |\n          echo building\n          echo \"${{ github.event.pull_request.title }}\"", at=3)
    if "gha-pipe-to-shell" in kinds:
        doc.plant("gha-pipe-to-shell", f"      - run: curl -sSL https://get.{_ident(rng).replace('_', '')}.example.org/install.sh | sh")
    doc.add("      - run: make test")


COMPOSE_PLANTS = ("compose-privileged", "compose-docker-sock", "compose-db-port-all", "compose-env-password")


def build_compose(rng: random.Random, doc: Doc, plants: int) -> None:
    """A web app and its database, hardened, with planted problems and decoys."""
    kinds = set(rng.sample(COMPOSE_PLANTS, min(plants, len(COMPOSE_PLANTS))))
    image, tag = rng.choice(BASES)
    doc.add("services:", "  web:", f"    image: {image}:{tag}", "    user: \"10001\"", "    read_only: true",
            "    ports:", "      - \"127.0.0.1:8080:8080\"")
    if "compose-privileged" in kinds:
        doc.plant("compose-privileged", "    privileged: true")
    if "compose-docker-sock" in kinds:
        doc.add("    volumes:")
        doc.plant("compose-docker-sock", "      - /var/run/docker.sock:/var/run/docker.sock")
    doc.add("  db:", "    image: postgres:16.3", "    environment:")
    doc.plant("decoy-compose-env-reference", "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}")
    if "compose-env-password" in kinds:
        secret = password(rng)
        doc.plant("compose-env-password", f"      REPLICATION_PASSWORD: \"{secret}\"", secret=secret)
    doc.add("    ports:")
    doc.plant("decoy-compose-loopback-port", "      - \"127.0.0.1:6379:6379\"")
    if "compose-db-port-all" in kinds:
        doc.plant("compose-db-port-all", "      - \"5432:5432\"")


CFN_PLANTS = ("cfn-sg-ssh-world", "cfn-sg-ssh-param-default", "cfn-iam-full-admin")


def build_cloudformation(rng: random.Random, doc: Doc, plants: int) -> None:
    """A template with a security group and a role, planted problems and an HTTPS decoy."""
    kinds = set(rng.sample(CFN_PLANTS, min(plants, len(CFN_PLANTS))))
    doc.add("AWSTemplateFormatVersion: \"2010-09-09\"", f"Description: {_ident(rng)} service", "Parameters:",
            "  VpcId:", "    Type: AWS::EC2::VPC::Id", "  SSHLocation:", "    Type: String")
    doc.add("    Default: 0.0.0.0/0" if "cfn-sg-ssh-param-default" in kinds else "    Default: 10.0.0.0/8")
    doc.add("Resources:", "  WebSecurityGroup:", "    Type: AWS::EC2::SecurityGroup", "    Properties:",
            "      GroupDescription: web", "      VpcId: !Ref VpcId", "      SecurityGroupIngress:")
    doc.plant("decoy-cfn-https-world", "        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 0.0.0.0/0")
    if "cfn-sg-ssh-world" in kinds:
        doc.plant("cfn-sg-ssh-world", "        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0", at=3)
    if "cfn-sg-ssh-param-default" in kinds:
        doc.plant("cfn-sg-ssh-param-default", "        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: !Ref SSHLocation", at=3)
    doc.add("  AppRole:", "    Type: AWS::IAM::Role", "    Properties:", "      AssumeRolePolicyDocument:",
            "        Version: \"2012-10-17\"", "        Statement:", "          - Effect: Allow",
            "            Principal: {Service: ec2.amazonaws.com}", "            Action: sts:AssumeRole", "      Policies:",
            "        - PolicyName: app", "          PolicyDocument:", "            Version: \"2012-10-17\"", "            Statement:")
    if "cfn-iam-full-admin" in kinds:
        doc.plant("cfn-iam-full-admin", "              - Effect: Allow\n                Action: \"*\"\n                Resource: \"*\"")
    else:
        doc.add("              - Effect: Allow", "                Action: s3:GetObject", f"                Resource: arn:aws:s3:::{_ident(rng).replace('_', '-')}/*")


# type -> (weight in a tree, builder, plant probability, path pattern)
TYPES: dict[str, tuple[float, Builder, float, str]] = {
    "python": (0.28, build_python, 0.10, "services/{svc}/app/{name}.py"),
    "js": (0.13, build_js, 0.08, "services/{svc}/web/{name}.js"),
    "yaml": (0.11, build_yaml, 0.12, "services/{svc}/config/{name}.yaml"),
    "json": (0.06, build_json_config, 0.06, "services/{svc}/config/{name}.json"),
    "policy": (0.04, build_policy, 0.5, "iam/policies/{name}.json"),
    "env": (0.02, build_env, 0.7, "services/{svc}/deploy/{name}.env"),
    "shell": (0.05, build_shell, 0.15, "services/{svc}/scripts/{name}.sh"),
    "pem": (0.005, build_pem, 1.0, "services/{svc}/deploy/keys/{name}.pem"),
    "dockerfile": (0.03, build_dockerfile, 0.5, "services/{svc}/images/{name}/Dockerfile"),
    "terraform": (0.12, build_terraform, 0.25, "infra/{env}/{svc}/{name}.tf"),
    "markdown": (0.08, build_markdown, 0.0, "docs/{svc}/{name}.md"),
    "text": (0.065, build_text, 0.0, "services/{svc}/config/{name}.ini"),
    "kubernetes": (0.02, build_kubernetes, 0.5, "deploy/k8s/{svc}/{name}.yaml"),
    "workflow": (0.01, build_workflow, 0.5, ".github/workflows/{name}.yml"),
    "compose": (0.01, build_compose, 0.5, "services/{svc}/docker-compose.{name}.yml"),
    "cloudformation": (0.01, build_cloudformation, 0.5, "infra/cfn/{svc}/{name}.yaml"),
}


# the first files of every tree, so that even a 10-file tree is a mixed commit
FIRST_TYPES = ("python", "dockerfile", "terraform", "policy", "env", "yaml", "js", "shell", "json", "pem", "markdown", "text")


def _plant_count(rng: random.Random, probability: float) -> int:
    count = 0
    while rng.random() < probability and count < 3:
        count += 1
        probability *= 0.4
    return count


def _emit(root: str, doc: Doc, counter: list[int]) -> list[Planted]:
    full = os.path.join(root, doc.path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as f:
        f.write(doc.text())
    out = []
    for kind, line, start, end, secret in doc.plants:
        meta = KINDS[kind]
        counter[0] += 1
        out.append(Planted(
            id=f"P{counter[0]:05d}", kind=kind, hook=meta.hook, rule=meta.rule, path=doc.path,
            line=line, span=(start, end), scope=meta.scope, peers=dict(meta.peers), secret=secret,
        ))
    return out


def generate(root: str, size: int, seed: int = 7) -> dict[str, Any]:
    """Write a tree of `size` files under `root` and `root/manifest.json` (kept outside the scanned files)."""
    # seeded and reproducible on purpose: benchmark data, not security
    rng = random.Random(f"{seed}:{size}")  # nosec B311
    names = sorted(TYPES)
    weights = [TYPES[n][0] for n in names]
    first = FIRST_TYPES[:size]
    planted: list[Planted] = []
    counter = [0]
    used: set[str] = set()
    kinds_written: dict[str, int] = {}
    tree = os.path.join(root, "tree")
    for index in range(size):
        kind = first[index] if index < len(first) else rng.choices(names, weights)[0]
        _, builder, probability, pattern = TYPES[kind]
        while True:
            path = pattern.format(
                svc=f"{rng.choice(SERVICES)}{rng.randint(1, max(1, size // 40))}",
                env=rng.choice(("prod", "staging", "dev")),
                name=f"{_ident(rng)}_{index}",
            )
            if path not in used:
                used.add(path)
                break
        doc = Doc(path)
        builder(rng, doc, _plant_count(rng, probability))
        planted.extend(_emit(tree, doc, counter))
        kinds_written[kind] = kinds_written.get(kind, 0) + 1
    manifest = _manifest(seed, size, "tree", kinds_written, planted)
    _write_json(os.path.join(root, "manifest.json"), manifest)
    return manifest


# commit sets: 10 files of one hook's type
COMMITS: dict[str, tuple[str, Callable[[random.Random, int, Doc], None], str]] = {
    "dockerfile": ("sechooks-dockerfile", lambda r, i, d: build_dockerfile(r, d, 1 + i % 3), "svc{i}/Dockerfile"),
    "terraform-sg": ("sechooks-terraform", lambda r, i, d: build_terraform(r, d, 0, ["tf-sg-ssh-world", "decoy-tf-https-world", "tf-sg-rdp-world"] if i % 2 else ["tf-sg-db-world", "decoy-tf-https-world", "tf-sg-all-world"]), "net{i}/main.tf"),
    "terraform-none": ("sechooks-terraform", lambda r, i, d: build_terraform_plain(r, d, 0), "storage{i}/main.tf"),
    "iam": ("sechooks-iam", lambda r, i, d: build_policy(r, d, 1 + i % 2), "policies/policy_{i}.json"),
    "python": ("sechooks-python", lambda r, i, d: build_python(r, d, i % 3), "pkg/module_{i}.py"),
    "kubernetes": ("sechooks-kubernetes", lambda r, i, d: build_kubernetes(r, d, 1 + i % 3), "deploy/app{i}.yaml"),
    "actions": ("sechooks-actions", lambda r, i, d: build_workflow(r, d, 1 + i % 3), ".github/workflows/ci{i}.yml"),
    "compose": ("sechooks-compose", lambda r, i, d: build_compose(r, d, 1 + i % 3), "svc{i}/docker-compose.yml"),
    "cloudformation": ("sechooks-cloudformation", lambda r, i, d: build_cloudformation(r, d, 1 + i % 3), "stacks/stack{i}.yaml"),
}
SECRET_COMMIT_TYPES = ("python", "js", "yaml", "json", "env", "shell", "pem", "text", "yaml", "js")


def generate_commit(root: str, name: str, seed: int = 7, files: int = 10) -> dict[str, Any]:
    """`files` files of one hook's type under `root/tree` (the "typical commit")."""
    rng = random.Random(f"{seed}:commit:{name}")  # nosec B311
    planted: list[Planted] = []
    counter = [0]
    tree = os.path.join(root, "tree")
    for i in range(files):
        if name == "secrets":
            kind = SECRET_COMMIT_TYPES[i % len(SECRET_COMMIT_TYPES)]
            _, builder, _, pattern = TYPES[kind]
            doc = Doc(pattern.format(svc="app", env="prod", name=f"{kind}_{i}"))
            builder(rng, doc, 1)
        else:
            _, build, pattern = COMMITS[name]
            doc = Doc(pattern.format(i=i))
            build(rng, i, doc)
        planted.extend(_emit(tree, doc, counter))
    manifest = _manifest(seed, files, f"commit:{name}", {name: files}, planted)
    _write_json(os.path.join(root, "manifest.json"), manifest)
    return manifest


def _manifest(seed: int, size: int, what: str, kinds: dict[str, int], planted: Iterable[Planted]) -> dict[str, Any]:
    return {
        "version": 1,
        "what": what,
        "seed": seed,
        "files": size,
        "file_types": dict(sorted(kinds.items())),
        "note": "Planted secrets are random strings of the right shape, generated from the seed; none is a real credential.",
        "planted": [asdict(p) for p in planted],
    }


def _write_json(path: str, data: object) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


def tree_files(root: str) -> list[str]:
    """Relative paths of every generated file under `root/tree`, sorted."""
    tree = os.path.join(root, "tree")
    out = []
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            out.append(os.path.relpath(os.path.join(dirpath, name), tree).replace(os.sep, "/"))
    return sorted(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--out", required=True, help="directory to create (the files go to OUT/tree)")
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--commit", choices=["secrets", *COMMITS], help="write a 10-file commit of one type instead")
    args = parser.parse_args(argv)
    if args.commit:
        manifest = generate_commit(args.out, args.commit, args.seed)
    else:
        manifest = generate(args.out, args.size, args.seed)
    planted = manifest["planted"]
    assert isinstance(planted, list)
    print(f"wrote {manifest['files']} files and {len(planted)} planted items to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
