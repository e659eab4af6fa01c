"""sechooks-secrets, issue #15 classes 5-7 and the AWS example key: encoded secrets, credential
files by format, password hashes, provider breadth, the (key, value) API for structured data,
and linear time for each new construct."""
from __future__ import annotations

import base64
import json

import pytest

from sechooks.engines import secrets as d
from tests.hostile_secrets_test import assert_linear
from tests.secrets_test import ALNUM, GHP, HEX, fake, rules, scan

PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(fake(ALNUM + "+/", 64, 7 + i) for i in range(6)) + "\n-----END RSA PRIVATE KEY-----\n"
CRYPT = ALNUM + "./"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- SEC139: the AWS documentation keys -------------------------------------------------

@pytest.mark.parametrize(("path", "expected"), [
    ("tests/test_gate.py", [("SEC139", 1), ("SEC139", 2)]),
    ("config/credentials.ini", [("SEC139", 1), ("SEC139", 2)]),
    ("README.md", []),
    ("docs/aws.py", []),
    ("guide/setup.rst", []),
])
def test_aws_example_key_outside_docs(path: str, expected: list[tuple[str, int]]) -> None:
    text = 'key_id = "AKIAIOSFODNN7EXAMPLE"\nsecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n'
    assert rules(text, path) == expected
    for finding in scan(text, path):
        assert "AKIAIOSFODNN7EXAMPLE" not in finding.message


def test_aws_example_key_rule_is_low_and_on() -> None:
    from sechooks.rules import sec

    [rule] = [r for r in sec.RULES if r.id == "SEC139"]
    assert rule.severity.name == "LOW" and rule.default


# --- SEC144: base64 of a provider token or a private key -----------------------------------

@pytest.mark.parametrize(("text", "label"), [
    (f"GH_TOKEN_B64={b64(GHP)}\n", "base64-encoded GitHub classic personal access token"),
    (f"JWT_KEY_B64={b64(PEM)}\n", "base64-encoded RSA private key"),
    (f"    client-key-data: {b64(PEM)}\n", "base64-encoded RSA private key"),
    (f'echo "{b64("token=" + GHP)}" | base64 -d\n', "base64-encoded GitHub classic personal access token"),
])
def test_encoded_secrets(text: str, label: str) -> None:
    [finding] = scan(text, "ci.env")
    assert finding.rule == "SEC144" and label in finding.message


@pytest.mark.parametrize("text", [
    f"BANNER={b64('Welcome to the shop! Orders ship within two days.')}\n",  # printable, no secret
    f"SAMPLE={b64('token=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')}\n",  # a placeholder inside
    "LOGO=iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\n",
    f"DIGEST={fake(HEX, 64)}\n",  # hex decodes to bytes, not text
    f"HEADER_B64={b64('-----BEGIN RSA PRIVATE KEY-----')}\n",  # a header, no key
])
def test_encoded_non_secrets_are_quiet(text: str) -> None:
    assert rules(text, "ci.env") == []


def test_printable_base64() -> None:
    assert d.printable_base64(b64("user:pass\n")) == "user:pass\n"
    assert d.printable_base64(base64.b64encode(bytes(range(32))).decode()) is None
    assert d.printable_base64("abc") is None  # not a multiple of 4
    assert d.printable_base64("A" * (d._ENCODED_MAX + 4)) is None  # bounded


# --- SEC136 inside kind: List, and the keys that hold no secret ----------------------------

def test_kubernetes_secret_inside_a_list() -> None:
    text = (
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: a\n"
        "  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: b\n    data:\n"
        f"      DB_PASSWORD: {b64('payments-' + fake(ALNUM, 8))}\n      DB_HOST: {b64('db.internal')}\n"
        "  - apiVersion: v1\n    kind: ConfigMap\n    data:\n      password: not-a-secret-here\n"
    )
    assert rules(text, "all.yaml") == [("SEC136", 13)]


def test_kubernetes_secret_public_keys_are_quiet() -> None:
    cert = b64("-----BEGIN CERTIFICATE-----\nMIIB" + fake(ALNUM, 60) + "\n-----END CERTIFICATE-----\n")
    text = (
        "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n"
        f"  username: {b64('orders')}\n  tls.crt: {cert}\n  tls.key: {b64(PEM)}\n"
        f"  url: {b64('https://api.internal/v1')}\n  DATABASE_URL: {b64('postgres://app:' + fake(ALNUM, 14) + '@db/app')}\n"
    )
    assert [line for _, line in rules(text, "tls.yaml")] == [7, 9]


# --- SEC145: password hashes ------------------------------------------------------------------

@pytest.mark.parametrize(("path", "line"), [
    (".htpasswd", f"admin:$apr1${fake(CRYPT, 8)}${fake(CRYPT, 22, 5)}\n"),
    ("users.htpasswd", f"ops:$2y$05${fake(CRYPT, 53)}\n"),
    ("htpasswd", f"metrics:{{SHA}}{fake(ALNUM + '+/', 27)}=\n"),
    ("shadow", f"root:$6${fake(CRYPT, 16)}${fake(CRYPT, 86, 5)}:19700:0:99999:7:::\n"),
    ("shadow", f"backup:!$6${fake(CRYPT, 16)}${fake(CRYPT, 86, 5)}:19700:0:99999:7:::\n"),  # locked, hash kept
    ("shadow", f"deploy:$y$j9T${fake(CRYPT, 22)}${fake(CRYPT, 43, 5)}:19750:0:99999:7:::\n"),
    ("dump.sql", f"INSERT INTO `users` VALUES (1,'a@b.c','$2y$10${fake(CRYPT, 53)}');\n"),
    ("dump.sql", f"INSERT INTO users VALUES (3,'$argon2id$v=19$m=65536,t=4,p=1${fake(ALNUM, 22)}${fake(ALNUM, 43, 5)}');\n"),
])
def test_password_hashes(path: str, line: str) -> None:
    assert rules(line, path) == [("SEC145", 1)]


@pytest.mark.parametrize(("path", "line"), [
    ("shadow", "daemon:*:19700:0:99999:7:::\nsshd:!:19700::::::\n"),
    ("settings.yaml", f"admin_password_hash: $2b$12${fake(CRYPT, 53)}\n"),  # an app's stored hash: config
    ("dump.sql", "INSERT INTO settings VALUES ('password_min_length', '12');\n"),
    (".htpasswd", "admin:$apr1$xxxxxxxx$xxxxxxxxxxxxxxxxxxxxxx\n"),
])
def test_password_hash_near_misses(path: str, line: str) -> None:
    assert [r for r in rules(line, path) if r[0] == "SEC145"] == []


# --- SEC146: credential files by format ---------------------------------------------------------

@pytest.mark.parametrize(("path", "text", "line"), [
    (".netrc", "machine a.internal\n  login ci\n  password n3xusCI\n", 3),
    ("_netrc", "machine a.internal login ci password legacy-pass-1\n", 1),
    (".npmrc", f"registry=https://npm.internal/\n_auth={b64('ci:' + fake(ALNUM, 16))}\n", 2),
    (".pypirc", "[internal]\nusername = ci\npassword = ci-upload-abcdef\n", 3),
    (".s3cfg", "[default]\ngpg_passphrase = gpg-kq7fz2ma\n", 2),
    (".boto", f"[Credentials]\ngs_oauth2_refresh_token = 1//0g{fake(ALNUM, 60)}\n", 2),
    (".ftpconfig", '{\n  "pass": "legacy-ftp-pass"\n}\n', 2),
    ("sftp-config.json", '{\n  "password": "ftp4shop"\n}\n', 2),
    (".remote-sync.json", '{\n  "password": "St4ging!deploy"\n}\n', 2),
    ("sitemanager.xml", f'<Server>\n<Pass encoding="base64">{b64("F1leZ!lla42")}</Pass>\n</Server>\n', 2),
    (".dockercfg", f'{{"r.internal": {{"auth": "{b64("deploy:" + fake(ALNUM, 20))}"}}}}\n', 1),
    ("config/master.key", fake(HEX, 32) + "\n", 1),
    ("config/credentials/production.key", fake(HEX, 32) + "\n", 1),
    ("wp-config.php", "<?php\ndefine( 'NONCE_SALT', '" + fake(ALNUM, 40) + "!;' );\n", 2),
])
def test_credential_files(path: str, text: str, line: int) -> None:
    assert ("SEC146", line) in rules(text, path)


@pytest.mark.parametrize(("path", "text"), [
    (".netrc", "machine github.com\n  login octocat\n  password ${GITHUB_TOKEN}\n"),
    (".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
    (".npmrc", f"_auth={b64('user:pass')}\n"),
    ("sftp-config.json", '{"password": "password"}\n'),
    ("wp-config-sample.php", "define( 'AUTH_KEY', 'put your unique phrase here' );\ndefine( 'DB_PASSWORD', 'password_here' );\n"),
    ("notes/master.key.md", "the master key lives in 1Password\n"),
    ("config/master.key", "not a key\n"),
])
def test_credential_file_near_misses(path: str, text: str) -> None:
    assert [r for r in rules(text, path) if r[0] == "SEC146"] == []


# --- class 7: provider breadth, unsigned JWTs, Vault output ----------------------------------

def _jwt(alg: str, claims: dict[str, object]) -> str:
    def part(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(claims)}."


def test_unsigned_jwt_with_claims_is_low() -> None:
    [finding] = scan(f"export const MOCK = '{_jwt('none', {'sub': 'u1', 'role': 'admin'})}';\n", "mock.ts")
    assert finding.rule == "SEC122" and finding.severity is not None and finding.severity.name == "LOW"
    assert rules(f"V = '{_jwt('none', {'sub': 'fixture'})}'\n", "t.py") == []  # one claim: a parser test vector


def test_vault_login_table_and_unseal_keys() -> None:
    text = ("$ vault login\nToken (will be hidden):\nSuccess!\n\nKey    Value\n---    -----\n"
            f"token  s.{fake(ALNUM, 24)}\nUnseal Key 1: {fake(ALNUM + '+/', 43)}=\n")
    assert rules(text, "runbook.md") == [("SEC124", 7), ("SEC124", 8)]


def test_twilio_auth_token_beside_its_account_sid() -> None:
    sid = "AC" + fake(HEX, 32)
    text = f"Twilio:\n| Account SID | {sid} |\n| Auth Token | {fake(HEX, 32, 5)} |\n| Region | {fake(HEX, 32, 11)} |\n"
    assert rules(text, "twilio.md") == [("SEC134", 3)]
    assert rules(f"Twilio:\n| Auth Token | {fake(HEX, 32, 5)} |\n", "other.md") == []  # no SID nearby


@pytest.mark.parametrize(("text", "path", "found"), [
    ('EMAIL_HOST_PASSWORD = "mg-' + fake(ALNUM, 14) + '"\n', "settings.py", True),   # ends in a password word
    ('STRIPE_PUBLISHABLE_KEY = "pk_live_' + fake(ALNUM, 24) + '"\n', "settings.py", False),
    ('browser_key: NRJS-' + fake(HEX, 19) + "\n", "conf.yaml", False),
    ('export CLIENT_SECRET_ID="3f1c9a2e-7b44-4d0e-9a61-2c8f5e7d1b90"\n', "ci.sh", True),  # Vault secret_id
    ('export ROLE_ID="3f1c9a2e-7b44-4d0e-9a61-2c8f5e7d1b90"\n', "ci.sh", False),
    ("postgres_admin_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n", "vars.yml", False),
    ('password = """' + fake(ALNUM, 10) + '#x1"""\n', "grafana.ini", True),
    ("CREATE USER 'app'@'%' IDENTIFIED BY 'Sh0pApp#2024';\n", "users.sql", True),
    ("CREATE ROLE app WITH LOGIN PASSWORD 'r3port-ro';\n", "roles.sql", True),
    ("ALTER USER 'root'@'localhost' IDENTIFIED BY '';\n", "users.sql", False),
    ("define( 'MAILER_PASSWORD', 'M4iler!pw' );\n", "config.php", True),
    ('shared_key                                = "' + fake(ALNUM, 32) + '"\n', "vpn.tf", True),  # wide alignment
    ("forgotPassword: 'Forgot your password?'\npasswordConfirm: 'Confirm password'\n", "i18n.ts", False),
    ('command: ["redis-server", "--requirepass", "cachepass99"]\n', "compose.yaml", True),
])
def test_class_1_to_3_additions(text: str, path: str, found: bool) -> None:
    assert bool(rules(text, path)) is found


# --- the (key, value) API for structured data ------------------------------------------------

@pytest.mark.parametrize(("name", "value", "label"), [
    ("MYSQL_ROOT_PASSWORD", "whalehello", "password"),
    ("api_key", "Zq8vK2mW9pLx4Rt7", "secret"),
    ("image", GHP, "GitHub classic personal access token"),  # a provider token under any name
    ("data", b64(GHP), "base64-encoded GitHub classic personal access token"),
    ("password", "${DB_PASSWORD}", None),
    ("GITHUB_TOKEN", "${{ secrets.GITHUB_TOKEN }}", None),
    ("MasterUserPassword", "!Ref DbPassword", None),
    ("output_token", "NextToken", None),
    ("password", "changeme", None),
    ("image", "nginx:1.25", None),
    ("password", "", None),
])
def test_literal_secret(name: str, value: str, label: str | None) -> None:
    assert d.literal_secret(name, value) == label


# --- linear time for each new construct -------------------------------------------------------

CONSTRUCTS = {
    "base64 runs of printable text": ("a.env", lambda n: "".join(f"B{i}={b64('hello world ' * 4 + str(i))}\n" for i in range(n)), 100),
    "one long base64 run full of token prefixes": ("a.env", lambda n: "X=" + b64("ghp_ghp_ sk-ant- " * n) + "\n", 100),
    "list items of kind Secret": ("all.yaml", lambda n: "kind: List\nitems:\n" + "  - kind: Secret\n    data:\n      k: dmFsdWUtMQ==\n" * n, 100),
    "kind Secret lines in one mapping": ("m.yaml", lambda n: "items:\n" + "    kind: Secret\n    data:\n      k: dmFsdWUtMQ==\n" * n, 100),
    "shadow-like near misses": ("shadow", lambda n: "".join(f"u{i}:$6$abcdefgh$" + "a" * 20 + ":1:\n" for i in range(n)), 100),
    "SQL rows with hash near misses": ("d.sql", lambda n: "INSERT INTO t VALUES " + ",".join("('$2y$10$" + "a" * 50 + "')" for _ in range(n)) + ";\n", 100),
    "netrc with many passwords": (".netrc", lambda n: "".join(f"machine h{i} login u password {fake(ALNUM, 12, 7 + i % 40)}\n" for i in range(n)), 100),
    "docker auths": (".dockercfg", lambda n: "{" + ",".join(f'"r{i}": {{"auth": "{b64("u:" + fake(ALNUM, 12, 7 + i % 40))}"}}' for i in range(n)) + "}", 100),
    "Twilio SIDs and hex runs": ("t.md", lambda n: "".join(f"AC{fake(HEX, 32, 5 + i % 9)} auth {fake(HEX, 32, 3 + i % 7)}\n" for i in range(n)), 100),
}


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_new_constructs_are_linear(name: str) -> None:
    path, make, n = CONSTRUCTS[name]
    assert_linear(path, make, n)
