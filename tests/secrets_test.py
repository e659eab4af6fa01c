"""sechooks-secrets: detectors, filters, precedence, masking, pragmas, bad input, --diff-only."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import string
from pathlib import Path
from typing import Iterator

import pytest

from sechooks.core import cli, config as configuration
from sechooks.engines import secrets as d
from sechooks import secrets
from sechooks.core.finding import Finding, Severity
from tests.conftest import git, write

UP, LO, DIG = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM = UP + LO + DIG
HEX = "0123456789abcdef"


def fake(alphabet: str, n: int, seed: int = 7) -> str:
    """A deterministic, high-entropy, obviously generated string (never a real key)."""
    k = len(alphabet)
    return "".join(alphabet[(i * seed + 3 + i // k) % k] for i in range(n))


def ctx_for(enable: tuple[str, ...] = (), options: dict[str, object] | None = None, **args: object) -> cli.Context:
    config = configuration.with_args(configuration.Config(), enable=enable)
    opts = config.family_options("SEC")
    opts.update(options or {})
    return cli.Context(family="SEC", enabled=config.enabled_rules("SEC"), options=opts, args=args)


def scan(text: str, path: str = "app.py", enable: tuple[str, ...] = (), **options: object) -> list[Finding]:
    return list(secrets.check_file(path, text, ctx_for(enable, options)))


def rules(text: str, path: str = "app.py", enable: tuple[str, ...] = (), **options: object) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in scan(text, path, enable, **options)]


# Fake tokens, built at test time, correctly shaped for each detector.
AWS_ID = "AKIA" + fake(UP + "234567", 16)
AWS_SECRET = fake(ALNUM + "/+", 40, 11)
GHP = "ghp_" + fake(ALNUM, 36)
GITHUB_PAT = "github_pat_" + fake(ALNUM + "_", 82)
GHO = "gho_" + fake(ALNUM, 36, 5)
GLPAT = "glpat-" + fake(ALNUM + "_-", 20)
SLACK = "xoxb-" + "2950134867" + "-" + "3961045872309" + "-" + fake(ALNUM, 24)
SLACK_HOOK = "https://hooks.slack.com/services/T0" + fake(UP + DIG, 8) + "/B0" + fake(UP + DIG, 8, 5) + "/" + fake(ALNUM, 24)
STRIPE = "sk_live_" + fake(ALNUM, 24)
STRIPE_TEST = "sk_test_" + fake(ALNUM, 24)
GOOGLE = "AIza" + fake(ALNUM + "_-", 35)
OPENAI = "sk-proj-" + fake(ALNUM, 20) + "T3BlbkFJ" + fake(ALNUM, 20, 5)
ANTHROPIC = "sk-ant-api03-" + fake(ALNUM + "_-", 93)
NPM = "npm_" + fake(ALNUM, 36)
PYPI = "pypi-AgEIcHlwaS5vcmc" + fake(ALNUM + "_-", 60)
TWILIO = "SK" + fake(HEX, 32, 5)
SENDGRID = "SG." + fake(ALNUM + "_-", 22) + "." + fake(ALNUM + "_-", 43, 5)
AZURE_KEY = fake(ALNUM + "+/", 86) + "=="
ENTRA = "abc8Q~" + fake(ALNUM + "_~.-", 34)
JWT = (
    base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    + "." + base64.urlsafe_b64encode(b'{"sub":"1234567890","name":"Ann"}').decode().rstrip("=")
    + "." + fake(ALNUM + "_-", 43)
)
JWT_NONE = (
    base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').decode().rstrip("=")
    + "." + base64.urlsafe_b64encode(b'{"sub":"1234567890"}').decode().rstrip("=") + "."
)
VAULT = "hvs." + fake(ALNUM + "_-", 95)
TFC = fake(ALNUM, 14) + ".atlasv1." + fake(ALNUM + "_-", 67)
DO = "dop_v1_" + fake(HEX, 64)
HF = "hf_" + fake(UP + LO, 34)
DATABRICKS = "dapi" + fake(HEX, 32)
SHOPIFY = "shpat_" + fake(HEX, 32, 5)
SQUARE = "sq0atp-" + fake(ALNUM + "_-", 22)
MAILCHIMP = fake(HEX, 32, 3) + "-us21"
DISCORD = "MT" + fake(ALNUM, 24) + "." + fake(ALNUM, 6, 5) + "." + fake(ALNUM + "_-", 38)
TELEGRAM = "583920174:AA" + fake(ALNUM + "_-", 33)
PULUMI = "pul-" + fake(HEX, 40)
AGE = "AGE-SECRET-KEY-1" + fake("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)
PASSWORD = "Tr0ub4dor&3xQ"  # pragma: allowlist secret
API_KEY = fake(ALNUM, 32, 13)


def pem(label: str = "RSA", lines: int = 6, extra: str = "") -> str:
    body = "\n".join(fake(ALNUM + "+/", 64, 7 + 2 * i) for i in range(lines))
    return f"-----BEGIN {label} PRIVATE KEY-----\n{extra}{body}\n-----END {label} PRIVATE KEY-----\n"


TRUE_POSITIVES = [
    ("SEC101", f'aws_access_key_id = "{AWS_ID}"\n', "settings.py"),
    ("SEC101", f"AWS_ACCESS_KEY_ID={AWS_ID}\n", ".env"),
    ("SEC102", f'aws_secret_access_key = "{AWS_SECRET}"\n', "settings.py"),
    ("SEC102", f"aws:\n  secretAccessKey: {AWS_SECRET}\n", "conf.yaml"),
    ("SEC102", f"AWS_SECRET_KEY={AWS_SECRET}\n", ".env"),
    ("SEC103", f'token = "{GHP}"\n', "app.py"),
    ("SEC103", f'{{"token": "{GHP}"}}\n', "conf.json"),
    ("SEC103", f"ENV GH_TOKEN={GHP}\n", "Dockerfile"),
    ("SEC103", f'git clone https://x-access-token:{GHP}@github.com/o/r.git\n', "ci.sh"),
    ("SEC104", f'export GH={GITHUB_PAT}\n', "deploy.sh"),
    ("SEC105", f"oauth: {GHO}\n", "conf.yml"),
    ("SEC106", f'variable "t" {{\n  default = "{GLPAT}"\n}}\n', "main.tf"),
    ("SEC106", f"GITLAB={GLPAT}\n", ".env"),
    ("SEC107", f'SLACK = "{SLACK}"\n', "bot.py"),
    ("SEC107", f"slack_token: {SLACK}\n", "values.yaml"),
    ("SEC108", f'url = "{SLACK_HOOK}"\n', "notify.py"),
    ("SEC109", f'stripe.api_key = "{STRIPE}"\n', "pay.py"),
    ("SEC109", f"STRIPE_KEY: {STRIPE}\n", "ci.yml"),
    ("SEC111", f'const key = "{GOOGLE}";\n', "maps.js"),
    ("SEC111", f"GOOGLE={GOOGLE}\n", ".env"),
    ("SEC114", f'OPENAI_API_KEY="{OPENAI}"\n', ".env"),
    ("SEC115", f'key = "{ANTHROPIC}"\n', "llm.py"),
    ("SEC116", f"//registry.npmjs.org/:_authToken={NPM}\n", ".npmrc"),
    ("SEC116", f"//npm.pkg.example.io/:_authToken=" + fake(ALNUM, 30) + "\n", ".npmrc"),
    ("SEC117", f"password = {PYPI}\n", ".pypirc"),
    ("SEC118", f'# twilio client\nTWILIO_KEY = "{TWILIO}"\n', "sms.py"),
    ("SEC119", f"SENDGRID={SENDGRID}\n", ".env"),
    ("SEC120", f'conn = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={AZURE_KEY};EndpointSuffix=core.windows.net"\n', "blob.py"),
    ("SEC121", f'AZURE_CLIENT_SECRET="{ENTRA}"\n', ".env"),
    ("SEC122", f'headers = {{"Authorization": "Bearer {JWT}"}}\n', "client.py"),
    ("SEC123", 'DB = "postgres://app:Zq8vK2mW9pLx@db.internal:5432/app"\n', "db.py"),  # pragma: allowlist secret
    ("SEC123", "url: mongodb+srv://svc:Zq8vK2mW9pLx@cluster0.mongodb.net/db\n", "conf.yaml"),  # pragma: allowlist secret
    ("SEC124", f"VAULT_TOKEN={VAULT}\n", ".env"),
    ("SEC125", f'token = "{TFC}"\n', "creds.tfrc"),
    ("SEC126", f"DO={DO}\n", ".env"),
    ("SEC127", f'HF = "{HF}"\n', "ml.py"),
    ("SEC128", f"DATABRICKS_HOST_TOKEN={DATABRICKS}\n", ".env"),
    ("SEC129", f'SHOP = "{SHOPIFY}"\n', "shop.rb"),
    ("SEC130", f"SQUARE={SQUARE}\n", ".env"),
    ("SEC131", f'MC = "{MAILCHIMP}"\n', "mail.py"),
    ("SEC132", f'# discord\nclient.run("{DISCORD}")\n', "bot.py"),
    ("SEC133", f'TELEGRAM = "{TELEGRAM}"\n', "bot.py"),
    ("SEC134", f"PULUMI_ACCESS_TOKEN={PULUMI}\n", ".env"),
    ("SEC134", f"heroku_api = {fake(HEX, 8)}-{fake(HEX, 4, 5)}-{fake(HEX, 4, 3)}-{fake(HEX, 4, 9)}-{fake(HEX, 12, 11)}\n", "app.cfg"),
    ("SEC135", f"{AGE}\n", "keys.txt"),
    ("SEC140", f'db_password = "{PASSWORD}"\n', "settings.py"),
    ("SEC140", f"DB_PASSWORD={PASSWORD}\n", ".env"),
    ("SEC140", f"database:\n  password: {PASSWORD}\n", "conf.yaml"),
    ("SEC140", f'{{"client_secret": "{API_KEY}"}}\n', "conf.json"),
    ("SEC140", f"export API_KEY='{API_KEY}'\n", "run.sh"),
    ("SEC140", f"ENV API_KEY {API_KEY}\n", "Dockerfile"),
    ("SEC140", f"<password>{PASSWORD}</password>\n", "settings.xml"),
    ("SEC140", f'login(user="svc", password="{PASSWORD}")\n', "app.py"),
    ("SEC140", f'const apiKey = "{API_KEY}";\n', "client.ts"),
    ("SEC140", f"run --auth-token={API_KEY}\n", "Makefile"),
    ("SEC142", f'resource "aws_db_instance" "db" {{\n  password = "{PASSWORD}"\n}}\n', "main.tf"),
    ("SEC142", f"Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: {PASSWORD}\n", "stack.yaml"),
    ("SEC143", f"curl -u deploy:{PASSWORD} https://api.internal/x\n", "ci.sh"),
    ("SEC143", f'curl -H "Authorization: Bearer {API_KEY}" https://api.internal\n', "ci.sh"),
    ("SEC143", f"RUN wget --password={PASSWORD} https://files.internal/a.tgz\n", "Dockerfile"),
    ("SEC143", f"docker login -p {PASSWORD} -u ci registry.internal\n", ".gitlab-ci.yml"),
    ("SEC143", f"mysql -u root -p{PASSWORD} app < dump.sql\n", "restore.sh"),
    ("SEC143", f"sshpass -p '{PASSWORD}' ssh ops@host\n", "deploy.sh"),
]


@pytest.mark.parametrize(("rule", "text", "path"), TRUE_POSITIVES, ids=[f"{r}-{p}-{i}" for i, (r, _, p) in enumerate(TRUE_POSITIVES)])
def test_true_positive(rule: str, text: str, path: str) -> None:
    found = [f.rule for f in scan(text, path)]
    assert found == [rule]


def test_opt_in_rules_fire_only_when_enabled() -> None:
    text = f'STRIPE = "{STRIPE_TEST}"\nblob = "{fake(ALNUM + "+/", 44, 11)}"\n'
    assert rules(text) == []
    assert rules(text, enable=("SEC110", "SEC141")) == [("SEC110", 1), ("SEC141", 2)]


NEAR_MISSES = [
    # F1 placeholders / documentation keys
    # the AWS documentation keys in docs (elsewhere they are SEC139)
    ('aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"\n', "docs/aws.md"),
    ('aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n', "docs/settings.py"),
    ('token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n', "app.py"),
    ('db_password = "your_password_here"\n', "app.py"),
    ("DB_PASSWORD=<your-password>\n", ".env"),
    ('api_key = "sample-api-key-123456"\n', "app.py"),
    ("password: '********'\n", "conf.yaml"),
    # F2 templates and references
    ("password: ${DB_PASSWORD}\n", "conf.yaml"),
    ("password: \"{{ vault_db_password }}\"\n", "playbook.yml"),
    ("token: ${{ secrets.GITHUB_TOKEN }}\n", ".github/workflows/ci.yml"),
    ("DB_PASSWORD=$DB_PASSWORD_FROM_CI\n", ".env"),
    ('password = "%(db_password)s"\n', "settings.py"),
    ("password=%DB_PASSWORD%\n", "run.cmd"),
    ("password: ENC[AES256_GCM,data:abcd,iv:efgh,tag:ijkl,type:str]\n", "secrets.enc.yaml"),
    ("password: vault:secret/data/db#password\n", "conf.yaml"),
    ("password: arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf\n", "conf.yaml"),
    ("password: ssm:/prod/db/password\n", "conf.yaml"),
    # F3 low diversity / sequences
    ('api_key = "aaaaaaaaaaaaaaaaaaaaaaaa"\n', "app.py"),
    ('api_key = "abcdefghijklmnopqrstuvwx"\n', "app.py"),
    ('password = "qwertyuiop12"\n', "app.py"),
    ('secret_key = "12345678901234567890"\n', "app.py"),
    # F4 non-literals
    ('password = os.environ["DB_PASSWORD"]\n', "app.py"),
    ("password = get_secret('db')\n", "app.py"),
    ("password = settings.DB_PASSWORD\n", "app.py"),
    ('password = var.db_password\n', "main.tf"),
    ("password: get_secret(db_main)\n", "conf.yaml"),
    ("password: settings.database.main\n", "conf.yaml"),
    # F5 trivial
    ("password: null\n", "conf.yaml"),
    ('password = ""\n', "app.py"),
    ("password: 1234567890123\n", "conf.yaml"),
    # F6 UUIDs
    ("client_secret: 123e4567-e89b-12d3-a456-426614174000\n", "conf.yaml"),
    # names that are not secrets
    ("aws_access_key_id_env = AKIA_ID\n", ".env"),
    ('password_hash = "pbkdf2_sha256$600000$Xy7Q9zLr$hash"\n', "app.py"),
    ('token_url = "https://auth.internal/oauth/token"\n', "app.py"),
    ('secret_name = "prod/db/main-credentials"\n', "app.py"),
    ('password_min_length = "12"\n', "app.py"),
    ('public_key = "' + fake(ALNUM, 40) + '"\n', "app.py"),
    # values that are not secrets
    ('password_file = "/run/secrets/db"\n', "app.py"),
    ('api_key = "/etc/keys/service.key"\n', "app.py"),
    ("secret: https://vault.internal/v1/secret\n", "conf.yaml"),
    ("token: ops@company.io\n", "conf.yaml"),
    ("secret_key: 1.24.3\n", "conf.yaml"),
    ("password: $2b$12$KIXQJg5eZ1rQ9z5h8nG1eOq7w3Yx1Z0aBcDeFgHiJkLmNoPqRsTuV\n", "conf.yaml"),
    ("password: hunter2Test!\n", "conf.yaml"),  # stopword "test"
    ("password: pass\n", "conf.yaml"),
    ('PASS_ROLE = "iam:PassRole"\n', "iam.py"),
    # comparisons are not assignments
    ('if password == "Tr0ub4dor&3xQ":\n', "app.py"),
    # code files need a quoted literal
    ("password = Tr0ub4dorX3\n", "app.py"),
    # lock-file / digest hashes, commit shas, UUID lists
    ('  rev: "' + fake(HEX, 40) + '"\n', ".pre-commit-config.yaml"),
    ('commit = "' + fake(HEX, 40) + '"\n', "release.py"),
    ('"integrity": "sha512-' + fake(ALNUM + "+/", 86) + '=="\n', "package.json"),
    ('id = "123e4567-e89b-12d3-a456-426614174000"\n', "app.py"),
    # provider shapes that are not quite right
    ('k = "AKIA' + fake(UP, 15) + '"\n', "app.py"),
    ('k = "ghp_' + fake(ALNUM, 35) + '"\n', "app.py"),
    ('k = "xoxb-not-a-token"\n', "app.py"),
    ('k = "' + TWILIO + '"\n', "app.py"),  # no twilio context
    ('k = "' + DISCORD + '"\n', "app.py"),  # no discord/bot context
    ('t = "' + JWT_NONE + '"\n', "app.py"),  # unsigned JWT
    # credentials-in-url exceptions
    ("git@github.com:org/repo.git\n", "README.md"),
    ("postgres://user:password@localhost/db\n", "README.md"),
    ("redis://:${REDIS_PASSWORD}@cache:6379\n", "conf.yaml"),
    ("https://admin:admin@example.com\n", "README.md"),
    # private-key header without a body
    ('if line.startswith("-----BEGIN RSA PRIVATE KEY-----"):\n    parse(line)\nEND = "-----END RSA PRIVATE KEY-----"\n', "pem.py"),
    # Kubernetes: sealed/external secrets and templates
    ("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: AgBy8hCi" + fake(ALNUM + "+/", 700) + "\n", "sealed.yaml"),
    ("kind: Secret\ndata:\n  password: {{ .Values.password | b64enc }}\n", "templates/secret.yaml"),
    # CLI references
    ('curl -u "$USER:$PASSWORD" https://api.internal\n', "ci.sh"),
    ('docker login -u ci --password-stdin registry.internal\n', "ci.sh"),
    ('curl -H "Authorization: Bearer ${TOKEN}" https://api\n', "ci.sh"),
    ("docker run -u 1000:1000 app\n", "run.sh"),
]


@pytest.mark.parametrize(("text", "path"), NEAR_MISSES, ids=[f"{p}-{i}" for i, (_, p) in enumerate(NEAR_MISSES)])
def test_near_miss_is_silent(text: str, path: str) -> None:
    assert scan(text, path, enable=("SEC110",)) == []


# --- issue #15: explicit passwords caught, identifiers/placeholders/templates quiet ------------

REAL_WORLD_POSITIVES = [
    # class 1: explicit password names with short or low-entropy literals
    ("SEC140", '{"password": "hunter22"}\n', "conf.json"),
    ("SEC140", "environment:\n  MYSQL_ROOT_PASSWORD: whalehello\n", "docker-compose.yml"),
    ("SEC140", "db_pass = 'pass123'\n", "settings.py"),
    ("SEC142", 'administrator_login_password = "Aa12345678"\n', "main.tf"),
    ("SEC140", "DB_PASSWORD=letmein2024\n", ".env"),
    ("SEC140", "spring.datasource.password=s3cr3tpw\n", "application.properties"),
    # class 2: the value contains the key's own word
    ("SEC140", 'password = "SuperSecretDB2024!"\n', "app.py"),
    ("SEC140", "AdminPassword=AdminPassword123\n", ".env"),
    ("SEC140", 'secret_string = "app-secret-9f2kQ7xLm3"\n', "app.py"),
    ("SEC140", 'api_token = "token-8f3kQ9zLm2Xw"\n', "app.py"),
    # class 3: `_ID` suffixes that are secrets, bare `key` names with random values
    ("SEC140", "VAULT_DEV_ROOT_TOKEN_ID=s8fJ3kLm9QzX2wVb\n", ".env"),
    ("SEC140", "CLIENT_SECRET_ID=Zq8vK2mW9pLxT4\n", ".env"),
    ("SEC140", 'const newKey = "3Ulyfmfgro6uh1cN";\n', "a.js"),
    ("SEC140", '{"key": "3Ulyfmfgro6uh1cN"}\n', "conf.json"),
    # #12.14: nested and minified JSON
    ("SEC140", '{"db":{"password":"Zq8vK2mW9pLx!"}}\n', "conf.json"),
    ("SEC140", '{"a":1}{"password":"Zq8vK2mW9pLx!"}\n', "conf.json"),
    ("SEC140", '{db: {password: "Zq8vK2mW9pLx!"}}\n', "a.js"),
]


@pytest.mark.parametrize(("rule", "text", "path"), REAL_WORLD_POSITIVES, ids=[f"{r}-{p}-{i}" for i, (r, _, p) in enumerate(REAL_WORLD_POSITIVES)])
def test_real_world_credentials_are_reported(rule: str, text: str, path: str) -> None:
    assert [f.rule for f in scan(text, path)] == [rule]


REAL_WORLD_NEGATIVES = [
    # class 8: identifiers under secret-ish keys
    ('"output_token": "NextToken",\n', "paginators.json"),
    ('input_token: "Marker"\n', "sdk.yaml"),
    ('token_name = "refresh_token_value"\n', "app.py"),
    ('secret_key_field = "SecretAccessKey"\n', "app.py"),
    ('password: "PasswordResetTokenIdentifier"\n', "a.yaml"),
    ("password: mypassword\n", "a.yaml"),
    ("password: required\n", "a.yaml"),
    ('password = "hunter2"\n', "app.py"),
    ('password = "abcabcabc"\n', "app.py"),
    ('{"key": "app.title.main"}\n', "en.json"),
    ('{"key": "Ctrl+Shift+P"}\n', "keybindings.json"),
    ('primary_key = "user_id_and_tenant_Xq42"\n', "model.py"),
    # class 9: placeholders
    ("password: [Password]\n", "a.yaml"),
    ('user_password = "[low-priv-user]"\n', "a.py"),
    ('aws_session_token = "IQoJb3JpZ…"\n', "a.py"),
    ('secret: "abc..."\n', "a.yaml"),
    ('api_key = "if_you_see_this_the_config_is_wrong"\n', "a.py"),
    ("DB_PASSWORD=CHANGE_ME\n", ".env"),
    ('url = "https://hooks.slack.com/services/T123456789/B123456789/1a2b3c4d5e6f7g8h9i0j1k2l"\n', "a.py"),
    # class 10: format strings, templates, paths, refspecs, prose
    ('dsn = "postgres://user:%s@db:5432/app"\n', "a.py"),
    ('password = "{password}"\n', "a.py"),
    ('password = f"{prefix}-{suffix}"\n', "a.py"),
    ('token = "Bearer %s"\n', "a.py"),
    ('secret_file = ".deploystack/creds.json"\n', "a.py"),
    ('credentials_path = "config/secrets/creds.json"\n', "a.py"),
    ('token_refspec = "refs/heads/main:refs/remotes/origin/main"\n', "a.py"),
    ('private_key: "some private key here"\n', "a.yaml"),
    ('password = "password for the %s account"\n', "a.py"),
    ('PASSWORD="${DB_PASSWORD:-Zq8vK2mW9pLx}"\n', "run.sh"),
]


@pytest.mark.parametrize(("text", "path"), REAL_WORLD_NEGATIVES, ids=[f"{p}-{i}" for i, (_, p) in enumerate(REAL_WORLD_NEGATIVES)])
def test_real_world_non_secrets_are_quiet(text: str, path: str) -> None:
    assert scan(text, path) == []


@pytest.mark.parametrize(("text", "path", "expected"), [
    # class 4: provider secrets in prose and URL paths
    (f"curl https://api.telegram.org/bot{TELEGRAM}/getMe\n", "run.sh", [("SEC133", 1)]),
    (f"## Keys\n\nAWS Access Key ID: {AWS_ID}\nAWS Secret Access Key: {AWS_SECRET}\n", "runbook.md",
     [("SEC101", 3), ("SEC102", 4)]),
    # a 40-character run near a key id but not labelled as the secret stays quiet
    (f"AWS Access Key ID: {AWS_ID}\n\nline\nchecksum: {AWS_SECRET}\n", "runbook.md", [("SEC101", 1)]),
])
def test_provider_secrets_in_prose_and_url_paths(text: str, path: str, expected: list[tuple[str, int]]) -> None:
    assert rules(text, path) == expected


def test_keyword_prefilter_skips_detectors(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def spy(rule: str) -> d.Find:
        def find(text: d.Text, options: object) -> Iterator[d.Hit]:
            ran.append(rule)
            return iter(())
        return find

    detectors = tuple(d.Detector(det.rule, det.keywords, spy(det.rule)) for det in secrets.DETECTORS)
    monkeypatch.setattr(secrets, "DETECTORS", detectors)
    scan("print('hello world')\n")
    # no keyword of any detector occurs: only the detectors that filter themselves run (SEC134:
    # its provider rows look for their keywords in long token runs; SEC144: base64 runs;
    # SEC146: a dispatch on the file name)
    assert ran == ["SEC134", "SEC144", "SEC146"]
    ran.clear()
    scan("x = 'ghp_'\n")
    assert ran == ["SEC103", "SEC134", "SEC144", "SEC146"]


# --- filters F1-F6 as functions ------------------------------------------------

@pytest.mark.parametrize(("value", "provider", "expected"), [
    ("AKIAIOSFODNN7EXAMPLE", True, True),
    ("ghp_" + "x" * 36, True, True),
    ("sample-value-123", True, False),  # provider rules ignore the generic words
    ("sample-value-123", False, True),
    ("<token>", False, True),
    ("Zq8vK2mW9pLx", False, False),
])
def test_f1_placeholder(value: str, provider: bool, expected: bool) -> None:
    assert d.placeholder(value, provider) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("${DB}", True), ("$DB_PASSWORD", True), ("$1", True), ("{{ x }}", True), ("${{ secrets.X }}", True),
    ("%(name)s", True), ("%VAR%", True), ("@VAR@", True), ("{0}", True), ("<secret>", True),
    ("ENC[abc]", True), ("vault:kv/x", True), ("arn:aws:secretsmanager:x", True), ("ssm:/a/b", True),
    ("Zq8vK2mW9pLx", False), ("pa$word", False),
])
def test_f2_template(value: str, expected: bool) -> None:
    assert d.template(value) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("aaaaaaaa", True), ("12345678", True), ("abcdefgh", True), ("87654321x", True),
    ("qwertyuiop", True), ("ZYXWVUTSRQ", True), ("Zq8vK2mW9pLx", False), ("abc9Zq8vK2", False),
])
def test_f3_low_diversity(value: str, expected: bool) -> None:
    assert d.low_diversity(value) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ('os.environ["X"]', True), ("get_secret()", True), ("settings.API_KEY", True), ("var.db_password", True),
    ("local.x", True), ("data.x.y", True), ("random_password.x.result", True), ("Zq8vK2mW9pLx", False),
])
def test_f4_non_literal(value: str, expected: bool) -> None:
    assert d.non_literal(value) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("true", True), ("False", True), ("null", True), ("None", True), ("nil", True), ("undefined", True),
    ("", True), ("123456", True), ("abc", False),
])
def test_f5_trivial(value: str, expected: bool) -> None:
    assert d.trivial(value) is expected


def test_f6_uuid_only_for_generic_rules_but_heroku_expects_one() -> None:
    uuid = "123e4567-e89b-12d3-a456-426614174000"
    assert d.is_uuid(uuid)
    assert rules(f"client_secret: {uuid}\n", "conf.yaml") == []
    assert rules(f"HEROKU_API_KEY={uuid}\n", ".env") == [("SEC134", 1)]


def test_entropy_floor() -> None:
    assert d.entropy("") == 0.0
    assert d.entropy("abab") == 1.0
    low = "AKIA" + "ABABABABABABABAB"
    assert rules(f'k = "{low}"\n') == []


def test_user_stopwords_option() -> None:
    text = 'api_key = "Zq8vK2mW9pLxAcme7Qr5Tz"\n'
    assert rules(text) == [("SEC140", 1)]
    assert rules(text, stopwords=("acme",)) == []


@pytest.mark.parametrize(("name", "kind"), [
    ("dbPassword", "password"), ("DB_PASSWD", "password"), ("pwd", "password"), ("mysqlpassword", "password"),
    ("api_key", "key"), ("APIKey", "key"), ("clientSecret", "key"), ("auth-token", "key"), ("SECRET_KEY_BASE", "key"),
    ("aws_access_key_id", None), ("token_url", None), ("password_hash", None), ("username", None),
    ("bypass", None), ("monkey", None), ("public_key", None),
])
def test_name_kind(name: str, kind: str | None) -> None:
    assert d.name_kind(name) == kind


# --- F7 paths ------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "poetry.lock", "sub/yarn.lock", "package-lock.json", "go.sum", "node_modules/x/index.js",
    "vendor/github.com/a/b.go", ".venv/lib/site.py", "img/logo.png", ".sechooks-baseline.json",
])
def test_f7_never_scan(path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / path, json.dumps({"version": 1, "files": {}, "note": f'token = "{GHP}"'}))
    assert secrets.main([path]) == 0
    assert capsys.readouterr().out == ""


# --- precedence: one finding per (line, secret), provider beats generic -------------

def test_provider_beats_generic_on_the_same_secret() -> None:
    assert rules(f'github_token = "{GHP}"\n') == [("SEC103", 1)]
    assert rules(f"AWS_SECRET_ACCESS_KEY={AWS_SECRET}\n", ".env") == [("SEC102", 1)]
    assert rules(f'auth_token = "{GHP}"\n', enable=("SEC141",)) == [("SEC103", 1)]


def test_one_finding_per_line_and_secret() -> None:
    assert rules(f"a={GHP} b={GHP}\n", ".env") == [("SEC103", 1)]
    assert rules(f"a={GHP}\nb={GHP}\n", ".env") == [("SEC103", 1), ("SEC103", 2)]
    assert rules(f"//registry.npmjs.org/:_authToken={NPM}\n", ".npmrc") == [("SEC116", 1)]


def test_service_account_key_beats_private_key() -> None:
    body = "\\n".join(fake(ALNUM + "+/", 64, 7 + 2 * i) for i in range(6))
    doc = json.dumps({
        "type": "service_account", "project_id": "demo", "private_key_id": fake(HEX, 40),
        "private_key": "-----BEGIN PRIVATE KEY-----\n" + body.replace("\\n", "\n") + "\n-----END PRIVATE KEY-----\n",
        "client_email": "svc@demo.iam.gserviceaccount.com",
    }, indent=2)
    assert rules(doc, "sa.json") == [("SEC112", 5)]
    without_sa = doc.replace('"service_account"', '"authorized_user"')
    assert rules(without_sa, "sa.json") == [("SEC113", 5)]


def test_generic_value_holding_a_key_is_reported_once() -> None:
    text = f'client_secret = "{ENTRA}"\n'
    assert rules(text) == [("SEC121", 1)]


def test_iac_rule_beats_generic() -> None:
    text = f'resource "x" "y" {{\n  db_password = "{PASSWORD}"\n}}\n'
    assert rules(text, "main.tf") == [("SEC142", 2)]
    assert rules(text, "main.py") == [("SEC140", 2)]


# --- private keys --------------------------------------------------------------

def test_private_key_block_spans_lines() -> None:
    findings = scan("# key\n" + pem("RSA"), "id.pem")
    assert [(f.rule, f.line, f.end_line, f.severity) for f in findings] == [("SEC113", 2, 9, None)]


@pytest.mark.parametrize("label", ["RSA", "EC", "DSA", "OPENSSH", ""])
def test_private_key_labels(label: str) -> None:
    text = pem(label).replace("BEGIN  PRIVATE", "BEGIN PRIVATE").replace("END  PRIVATE", "END PRIVATE")
    assert rules(text, "k.pem") == [("SEC113", 1)]


def test_pgp_private_key_block() -> None:
    body = "\n".join(fake(ALNUM + "+/", 64, 7 + 2 * i) for i in range(4))
    text = f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{body}\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----\n"
    assert rules(text, "key.asc") == [("SEC113", 1)]


def test_encrypted_keys_are_high() -> None:
    legacy = pem("RSA", extra="Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011223344556677\n\n")
    assert [f.severity for f in scan(legacy, "k.pem")] == [Severity.HIGH]
    pkcs8 = pem("ENCRYPTED")
    assert [f.severity for f in scan(pkcs8, "k.pem")] == [Severity.HIGH]
    openssh = base64.b64encode(b"openssh-key-v1\x00\x00\x00\x00\naes256-ctr\x00\x00\x00\x06bcrypt" + bytes(range(64))).decode()
    text = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{openssh}\n{fake(ALNUM, 64)}\n-----END OPENSSH PRIVATE KEY-----\n"
    assert [f.severity for f in scan(text, "id_ed25519.txt")] == [Severity.HIGH]


def test_private_key_in_json_string_and_yaml_block() -> None:
    body = "\\n".join(fake(ALNUM + "+/", 64, 7 + 2 * i) for i in range(4))
    inline = '{"key": "-----BEGIN RSA PRIVATE KEY-----\\n' + body + '\\n-----END RSA PRIVATE KEY-----\\n"}\n'
    assert rules(inline, "c.json") == [("SEC113", 1)]
    block = "tls:\n  key: |\n" + "".join("    " + line + "\n" for line in pem("EC").splitlines())
    assert rules(block, "values.yml") == [("SEC113", 3)]


def test_private_key_footer_too_far_or_label_mismatch() -> None:
    far = pem("RSA").replace("\n-----END", "\n" + "\n" * 120 + "-----END")
    assert rules(far, "k.pem") == []
    mismatch = pem("RSA").replace("END RSA", "END EC")
    assert rules(mismatch, "k.pem") == []


def test_putty_key() -> None:
    lines = "\n".join(fake(ALNUM + "+/", 64, 3 + 2 * i) for i in range(3))
    text = (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ops\n"
        f"Public-Lines: 2\n{fake(ALNUM, 64)}\n{fake(ALNUM, 20, 5)}\nPrivate-Lines: 3\n{lines}\n"
        "Private-MAC: 00112233\n"
    )
    assert [(f.rule, f.line, f.severity) for f in scan(text, "k.ppk")] == [("SEC113", 1, None)]
    encrypted = text.replace("Encryption: none", "Encryption: aes256-cbc")
    assert [f.severity for f in scan(encrypted, "k.ppk")] == [Severity.HIGH]


# --- path rules ------------------------------------------------------------------

@pytest.mark.parametrize(("path", "text", "expected"), [
    ("terraform.tfstate", "{}\n", ["SEC137"]),
    ("env/prod.tfstate.backup", "{}\n", ["SEC137"]),
    ("terraform.tfstate.1700000000.backup", "{}\n", ["SEC137"]),
    ("main.tf", "{}\n", []),
    ("home/.ssh/id_rsa", "not really\n", ["SEC138"]),
    ("home/.ssh/id_rsa.pub", "ssh-rsa AAAA\n", []),
    (".pgpass", "db:5432:app:app:x\n", ["SEC138"]),
    (".git-credentials", "https://u:x@github.com\n", ["SEC138"]),
    ("home/.aws/credentials", "[default]\n", ["SEC138"]),
    ("aws/credentials", "[default]\n", []),
    # a readable .netrc or Docker config.json is read by its format (SEC146, on the password's line)
    (".netrc", "machine api login u password n3xusCI-7\n", ["SEC146"]),
    (".netrc", "machine api login u password x\n", []),
    (".netrc", "machine api login u\n", []),
    (".docker/config.json", '{"auths": {"r": {"auth": "' + base64.b64encode(b"ci:Zq8vK2mW9pLx").decode() + '"}}}\n', ["SEC146"]),
    (".docker/config.json", '{"auths": {"r": {"auth": "dXNlcjpwYXNz"}}}\n', []),  # user:pass, a placeholder
    (".docker/config.json", '{"auths": {"r": {"auth": ""}}, "credsStore": "desktop"}\n', []),
])
def test_path_rules(path: str, text: str, expected: list[str]) -> None:
    assert [f.rule for f in scan(text, path) if f.rule in ("SEC137", "SEC138", "SEC146")] == expected


def test_credential_file_without_content_for_binary_key_stores() -> None:
    assert secrets.credential_file("certs/server.p12", None) == "server.p12 is a key store"
    assert secrets.credential_file("a/.docker/config.json", None) is not None
    assert secrets.credential_file("README.md", None) is None


# --- Kubernetes Secret manifests ----------------------------------------------

def test_k8s_secret_one_finding_per_key() -> None:
    text = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n"
        f"  password: {base64.b64encode(PASSWORD.encode()).decode()}\n"
        "  empty: \"\"\n  short: abc\n"
        f"stringData:\n  api-key: {API_KEY}\n  token: |\n    line-one-of-a-token-{fake(ALNUM, 10)}\n    line-two\n"
        "---\nkind: ConfigMap\ndata:\n  password: not-a-secret-here\n"
    )
    assert rules(text, "secret.yaml") == [("SEC136", 7), ("SEC136", 11), ("SEC136", 12)]


def test_k8s_secret_with_base64_placeholder() -> None:
    text = f"kind: Secret\ndata:\n  password: {base64.b64encode(b'changeme').decode()}\n"
    assert [r for r in rules(text, "s.yaml") if r[0] == "SEC136"] == []


# --- masking ---------------------------------------------------------------------

def test_mask() -> None:
    assert secrets.mask(AWS_ID) == f"{AWS_ID[:4]}… (20 chars)"
    assert secrets.mask("abcdef") == "ab… (6 chars)"
    assert secrets.mask("ab") == "… (2 chars)"


def test_finding_carries_secret_only_in_evidence() -> None:
    [finding] = scan(f'token = "{GHP}"\n')
    assert finding.evidence == GHP
    assert GHP not in finding.message
    assert finding.message.endswith("ghp_… (40 chars)")
    assert not any(GHP[4:12] in value for value in finding.extra.values())


PLANTED = [AWS_ID, AWS_SECRET, GHP, GLPAT, SLACK, STRIPE, GOOGLE, PASSWORD, API_KEY, ENTRA, JWT, TWILIO]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_no_planted_secret_in_any_output(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "settings.py", (
        f'aws_access_key_id = "{AWS_ID}"\naws_secret_access_key = "{AWS_SECRET}"\n'
        f'gh = "{GHP}"\ngl = "{GLPAT}"\nslack = "{SLACK}"\nstripe = "{STRIPE}"\ngoogle = "{GOOGLE}"\n'
        f'db_password = "{PASSWORD}"\napi_key = "{API_KEY}"\nazure = "{ENTRA}"\njwt = "{JWT}"\n'
        f'# twilio\ntw = "{TWILIO}"\n'
    ))
    write(tmp_path / "id.pem", pem("RSA"))
    assert secrets.main(["settings.py", "id.pem", "--format", fmt, "--enable", "SEC141"]) == 1
    out = capsys.readouterr()
    everything = out.out + out.err
    for secret in PLANTED + [pem("RSA").splitlines()[1]]:
        assert secret not in everything
    if fmt == "json":
        found = {f["rule"] for f in json.loads(out.out)["findings"]}
        assert {"SEC101", "SEC102", "SEC103", "SEC106", "SEC107", "SEC109", "SEC111", "SEC113", "SEC118",
                "SEC121", "SEC122", "SEC140"} <= found


# --- pragmas -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    f'token = "{GHP}"  # pragma: allowlist secret\n',
    f'# pragma: allowlist nextline secret\ntoken = "{GHP}"\n',
    f'token = "{GHP}"  # gitleaks:allow\n',
    f'token = "{GHP}"  # sechooks: ignore[SEC103] -- rotated fake\n',
])
def test_pragmas_suppress(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "app.py", text)
    assert secrets.main(["app.py"]) == 0
    assert capsys.readouterr().out == ""


def test_allowlist_covers_only_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "app.py", f'a = "{GHP}"  # pragma: allowlist secret\nb = "{GLPAT}"\n')
    assert secrets.main(["app.py"]) == 1
    out = capsys.readouterr().out
    assert "app.py:2:" in out and "app.py:1:" not in out


@pytest.mark.parametrize(("line", "suppressed"), [
    ("  # nosec B105", True),
    ("  # nosec: B105 -- a fixture", True),
    ("  # nosec B602, B106", True),
    ("  # nosec b107", True),
    ("  # nosec", False),  # a bare nosec is about bandit's checks, not this credential
    ("  # nosec B602", False),
])
def test_bandit_password_nosec_silences_the_generic_rule(
    line: str, suppressed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "app.py", f'db_password = "{PASSWORD}"{line}\ntoken = "{GHP}"  # nosec B105\n')
    assert secrets.main(["--format", "json", "app.py"]) == 1
    found = [(f["rule"], f["line"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    # the provider rule on line 2 is not bandit's: B105 does not silence it
    assert found == ([] if suppressed else [("SEC140", 1)]) + [("SEC103", 2)]


# --- bad input -----------------------------------------------------------------

def test_binary_nul_and_non_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "blob.bin", b"\x00\x01" + GHP.encode() + b"\x00")
    write(tmp_path / "latin.txt", b"caf\xe9 " + f"token={GHP}\n".encode())
    assert secrets.main(["-v", "blob.bin", "latin.txt"]) == 1
    out = capsys.readouterr()
    assert "latin.txt:1:" in out.out and "blob.bin" not in out.out
    assert "blob.bin: skipped: binary file" in out.err


def test_missing_path_and_directory_are_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    assert secrets.main(["missing.env", "adir", "--format", "json"]) == 2  # usage errors (#13.10)
    out, err = capsys.readouterr()
    assert json.loads(out)["findings"] == []
    assert "missing.env: no such file" in err and "adir: is a directory" in err and "Traceback" not in err


def test_unreadable_file_is_sec100(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "locked.env", f"T={GHP}\n")
    real_open = os.open

    def refuse(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("locked.env"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    assert secrets.main(["locked.env", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [("SEC100", "locked.env", 1)]
    assert "Permission denied" in found[0]["message"]


def test_file_past_the_size_cap_is_read_in_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # #22.3 (docs/reliability.md): past the cap the secrets hook reads the file in windows
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "big.txt", "log line of no interest, Ab1\n" * (10 * 1024 * 1024 // 29) + f"token={GHP}\n")
    assert secrets.main(["big.txt", "--format", "json"]) == 1
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert finding["rule"] == "SEC103" and finding["line"] == 10 * 1024 * 1024 // 29 + 1


def test_max_file_bytes_option_reads_past_the_cap_in_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.py", f'token = "{GHP}"\n' * 10)
    assert secrets.main(["a.py", "--format", "json"]) == 1
    whole = [(f["rule"], f["line"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    write(tmp_path / ".sechooks.toml", "[sec]\nmax_file_bytes = 100\n")
    assert secrets.main(["a.py", "--format", "json"]) == 1  # #22.3: windows, the same findings
    assert [(f["rule"], f["line"]) for f in json.loads(capsys.readouterr().out)["findings"]] == whole


def test_binary_key_store_is_still_a_credential_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "certs/client.p12", b"\x30\x82\x00\x00binary keystore")
    assert secrets.main(["-v", "certs/client.p12"]) == 1
    out, err = capsys.readouterr()
    assert "certs/client.p12:1:1: SEC138" in out
    assert "skipped: binary file" in err


# Near-miss lines (one unit repeated on one line) are timed as ratios in tests/hostile_secrets_test.py.


# --- --diff-only and --staged -------------------------------------------------

def test_diff_only_reports_added_lines(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "app.env", f"OLD={GHP}\n")
    git("add", "app.env")
    git("commit", "-qm", "old")
    write(repo / "app.env", f"OLD={GHP}\nNEW={GLPAT}\n")
    git("add", "app.env")
    assert secrets.main(["app.env", "--diff-only"]) == 1
    out = capsys.readouterr().out
    assert "app.env:2:" in out and "app.env:1:" not in out
    assert secrets.main(["app.env"]) == 1
    assert "app.env:1:" in capsys.readouterr().out


def test_staged_reads_the_index(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "conf.env", f"TOKEN={GHP}\n")
    git("add", "conf.env")
    write(repo / "conf.env", "TOKEN=${TOKEN}\n")  # the working tree is clean, the index is not
    assert secrets.main(["--staged"]) == 1
    assert "conf.env:1:" in capsys.readouterr().out
    assert secrets.main(["--staged", "--diff-only"]) == 1
    assert secrets.main(["conf.env"]) == 0


def test_diff_only_multi_line_and_path_findings(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "k.pem", pem("RSA"))
    write(repo / "terraform.tfstate", "{}\n")
    git("add", "-A")
    assert secrets.main(["--staged", "--diff-only", "--format", "json"]) == 1
    found = sorted(f["rule"] for f in json.loads(capsys.readouterr().out)["findings"])
    assert found == ["SEC113", "SEC137"]


def test_diff_only_outside_git_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write(tmp_path / "a.env", f"T={GHP}\n")
    assert secrets.main(["a.env", "--diff-only"]) == 2
    assert capsys.readouterr().err.strip() == "sechooks-secrets: error: --diff-only: not a git repository (--staged and --diff-only need one)"


def test_diff_only_with_nothing_to_restrict_to_checks_everything_and_says_so(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "a.env", f"T={GHP}\n")
    git("add", "-A")
    git("commit", "-qm", "x")
    monkeypatch.setenv("PRE_COMMIT", "1")  # `pre-commit run --all-files` with nothing staged
    assert secrets.main(["a.env", "--diff-only"]) == 1
    captured = capsys.readouterr()
    assert "a.env:1:" in captured.out
    assert "warning: --diff-only: the staged change adds no lines: checking the whole files" in captured.err


def test_diff_only_follows_a_commit_range(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "a.env", f"OLD={GHP}\n")
    git("add", "-A")
    git("commit", "-qm", "old")
    write(repo / "a.env", f"OLD={GHP}\nNEW={GLPAT}\n")
    git("commit", "-qam", "new")
    assert secrets.main(["a.env", "--diff-only", "--from-ref", "HEAD~1", "--to-ref", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "a.env:2:" in out and "a.env:1:" not in out
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD~1")
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    assert secrets.main(["a.env", "--diff-only"]) == 1
    out = capsys.readouterr().out
    assert "a.env:2:" in out and "a.env:1:" not in out


# --- detect-secrets baseline reader -----------------------------------------------

def test_detect_secrets_hashes(tmp_path: Path) -> None:
    digest = hashlib.sha1(GHP.encode()).hexdigest()
    baseline = {
        "version": "1.5.0", "plugins_used": [], "filters_used": [],
        "results": {
            "app.py": [{"type": "GitHub Token", "filename": "app.py", "hashed_secret": digest, "is_verified": False, "line_number": 3}],
            "empty.py": [],
        },
        "generated_at": "2024-01-01T00:00:00Z",
    }
    path = tmp_path / ".secrets.baseline"
    path.write_text(json.dumps(baseline))
    assert secrets.detect_secrets_hashes(str(path)) == {"app.py": {digest}, "empty.py": set()}
    [finding] = scan(f'token = "{GHP}"  # line moved\n')
    assert finding.evidence is not None
    assert hashlib.sha1(finding.evidence.encode()).hexdigest() in secrets.detect_secrets_hashes(str(path))["app.py"]


@pytest.mark.parametrize("content", ["not json", "[]", '{"results": []}', '{"results": {"a": [{"hashed_secret": "zz"}]}}', '{"results": {"a": {}}}'])
def test_detect_secrets_hashes_rejects_malformed(content: str, tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(ValueError):
        secrets.detect_secrets_hashes(str(path))


def test_detect_secrets_hashes_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        secrets.detect_secrets_hashes(str(tmp_path / "nope"))


# --- the catalogue ---------------------------------------------------------------

def test_catalogue_rows() -> None:
    from sechooks.rules import sec

    ids = [r.id for r in sec.RULES]
    assert ids == ["SEC100"] + [f"SEC{n}" for n in range(101, 148)]
    assert {r.id for r in sec.RULES if not r.default} == {"SEC110", "SEC141"}
    assert all(r.rationale and r.fix for r in sec.RULES)
    assert all(r.bad and r.good for r in sec.RULES if r.id != "SEC100")
    assert set(secrets.CHECKS) | {"SEC100"} == set(ids)


def test_catalogue_examples_do_not_trip_the_hook() -> None:
    from sechooks.rules import sec

    for rule in sec.RULES:
        if rule.id in ("SEC137", "SEC138"):
            continue
        # SEC139 reports the AWS documentation key outside docs by design: the catalogue is documentation
        path = "docs/example.py" if any(k in rule.bad.lower() for k in d.AWS_EXAMPLE_KEYWORDS) else "example.py"
        assert scan(rule.bad + "\n", path, enable=("SEC110", "SEC141")) == [], rule.id


def test_sec_options_from_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".sechooks.toml", '[sec]\nstopwords = ["acme"]\nmax_file_bytes = 4096\n')
    write(tmp_path / "a.py", 'api_key = "Zq8vK2mW9pLxAcme7Qr5Tz"\n')  # pragma: allowlist secret
    write(tmp_path / "b.env", f"T={GHP}\n" + "# padding\n" * 1000)
    assert secrets.main(["a.py"]) == 0  # the stopword silences a.py
    assert secrets.main(["b.env"]) == 1  # past max_file_bytes: read in windows (#22.3), not skipped
    capsys.readouterr()
    write(tmp_path / ".sechooks.toml", "[sec]\nmax_file_bytes = 0\n")
    assert secrets.main(["a.py"]) == 2


@pytest.mark.parametrize(("value", "reported"), [
    ("HI4lF60.q3Dir4", True),        # a dotted password is still a literal
    ("settings.DB_PASSWORD", False),  # an attribute reference is not
    ("var.db_password2", False),
])
def test_dotted_values_in_env_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, reported: bool) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".env", f"DB_PASSWORD={value}\n")
    assert secrets.main([".env"]) == (1 if reported else 0)


@pytest.mark.parametrize("text", [
    'x = 1\nDB_PASSWORD = "hunter2hunter2"\nname = "a"; api_key="k3y-Zq81" token: abc\n',
    "İstanbul = 'x'\nclient_secret = 'Zz8-q1Lm'\n",  # lower-casing changes offsets
    "a=1\r\nsecret_id: 7f3c9a\r\nmyCreds => 'u:p'\r\nwifi_pwd=abc123\r\nkey=\r\n",
    "contraseña = 'sEcr3t0'\nlast_line_key = 'no newline at the end'",
    "",
])
def test_assignments_on_candidate_lines_are_the_whole_text_s(text: str) -> None:
    """The assignment reader looks only at lines holding a word a secret-like name needs;
    what it finds equals the regex over the whole text, filtered by name."""
    scan = d.Text("f.py", text)
    wanted = [m.span() for m in d._ASSIGNMENT.finditer(text)
              if d.name_kind(m.group("name")) is not None or "secret" in m.group("name").lower()]
    got = [m.span() for m in d._candidate_assignments(scan)
           if d.name_kind(m.group("name")) is not None or "secret" in m.group("name").lower()]
    assert got == wanted


@pytest.mark.parametrize(("path", "text", "expected"), [
    # a dotenv file holds values: a dotted random string is the password
    (".env", "DB_PASSWORD=c.KvrYKBdrCwxJ\n", [("SEC140", 1)]),
    ("prod.env", "DB_PASSWORD=AHNBjdPIm2.tf2\n", [("SEC140", 1)]),
    (".env", "DB_PASSWORD=get_password()\n", []),
    # elsewhere a dotted name may be code quoted in prose
    ("README.md", "password = self.dbPassword\n", []),
    ("settings.ini", "password = config.dbPassword\n", []),
    # short generated secrets under a secret-like name: three character classes, no dotted name
    ("app.py", 'API_SECRET = "73ngniaAh7yyO9"\n', [("SEC140", 1)]),
    ("app.py", 'API_SECRET = "YKhanhquv6%OhG"\n', [("SEC140", 1)]),
    ("app.ts", "export const REFRESH_TOKEN_KEY = 'shop.refreshToken';\n", []),
    ("app.py", 'API_SECRET = "ApiSecretName"\n', []),
])
def test_dotenv_values_and_short_generated_secrets(path: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert rules(text, path) == expected
