"""SEC1nn detectors: one row or one small function per rule (docs/secrets.md).

Every regex is compiled once, on first use (compiling all ~70 at import would
cost more than a whole typical run), and is linear on adversarial input:
each unbounded run starts right after a literal prefix or behind a negative
look-behind of its own class, and shape checks that would need backtracking
(an embedded marker, a minimum tail) are done in Python on the match.
"""
from __future__ import annotations

import base64
import bisect
import binascii
import math
import os
import re
import sys
from collections import Counter
from sechooks.core.record import record
from functools import cached_property
TYPE_CHECKING = False  # typing costs ~5 ms to import; annotations are strings
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Mapping, Sequence

from sechooks.core.finding import Severity

# --- lazily compiled regexes --------------------------------------------------


class Pattern:
    """A regex compiled the first time a detector whose keywords occur needs it."""

    __slots__ = ("source", "flags", "_rx")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source, self.flags = source, flags
        self._rx: re.Pattern[str] | None = None

    @property
    def rx(self) -> re.Pattern[str]:
        if self._rx is None:
            from sechooks.core import rxcache

            self._rx = rxcache.compile(self.source, self.flags)  # built from the tables here, never from input
        return self._rx

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.rx.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.rx.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.rx.fullmatch(text, pos, endpos)

    def findall(self, text: str) -> list[Any]:
        return self.rx.findall(text)


# --- the text under scan -------------------------------------------------------


class Text:
    """One file's text, its lower-cased copy and offset -> line arithmetic."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.lower = text.lower()
        self.name = os.path.basename(path)
        self.ext = os.path.splitext(self.name)[1].lower()

    @cached_property
    def starts(self) -> list[int]:
        return [0, *(m.end() for m in _NEWLINE.finditer(self.text))]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def col_of(self, offset: int) -> int:
        return offset - self.starts[self.line_of(offset) - 1] + 1

    def lines_with(self, word: str) -> frozenset[int]:
        """Numbers of the lines whose lower-cased text contains `word` (cached)."""
        cache = self.__dict__.setdefault("_lines_with", {})
        if word not in cache:
            found, start = set(), 0
            while (at := self.lower.find(word, start)) >= 0:
                line = self.line_of(at)
                found.add(line)
                # jump to the next line: one hit per line is enough
                start = self.starts[line] if line < len(self.starts) else len(self.lower)
            cache[word] = frozenset(found)
        result: frozenset[int] = cache[word]
        return result

    def near(self, offset: int, words: Sequence[str], before: int = 0) -> bool:
        """Does one of `words` occur on the offset's line or the `before` lines above it?"""
        line = self.line_of(offset)
        return any(
            n in self.lines_with(w) for w in words for n in range(line - before, line + 1)
        )

    @property
    def is_code(self) -> bool:
        return self.ext in CODE_EXTENSIONS


_NEWLINE = Pattern(r"\n")


@record(frozen=True)
class Hit:
    """A candidate secret before precedence: `start` is the secret's offset in the text."""

    rule: str
    start: int
    secret: str
    label: str
    end_line: int | None = None
    severity: Severity | None = None
    provider: str = ""
    anchor: int | None = None  # where the finding points when not at the secret (a PEM header)

    @property
    def at(self) -> int:
        return self.start if self.anchor is None else self.anchor

    @property
    def end(self) -> int:
        return self.start + len(self.secret)


if TYPE_CHECKING:
    Find = Callable[[Text, Mapping[str, object]], Iterator[Hit]]


@record(frozen=True)
class Detector:
    rule: str
    keywords: tuple[str, ...]  # lower-case; the detector runs only when one occurs
    find: Find


# --- filters (F1-F7 in docs/secrets.md) ---------------------------------------

_PLACEHOLDER_WORDS = (
    "example", "sample", "dummy", "placeholder", "changeme", "change_me", "replace_me",
    "your_", "your-", "yourkey", "redacted", "notreal", "fake", "xxxx", "****", "....",
    "if_you_see", "ifyousee", "change_this", "changethis", "replaceme", "replace_with", "not_a_real",
    "not-a-real", "changeit", "…",
)
# counting runs in a provider shape (`T123456789/B123456789/1a2b3c…`): a documentation token
_COUNTING = ("123456789", "1a2b3c4d", "abcdefghij")
_AWS_DOC_KEYS = frozenset({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})  # pragma: allowlist secret
_ANGLE = Pattern(r"<[^<>]*>")
_BRACKETED = Pattern(r"\[[^\[\]]*\]|\([^()]*\)")  # `[Password]`, `(your token)`
_TEMPLATE = Pattern(
    r"""\$\{[^{}]*\}|\$\{\{.*\}\}|\{\{.*\}\}|\$[A-Za-z_]\w*.*|\$\d+|%\([A-Za-z_]\w*\)[sdr]
    |%[A-Za-z_]\w*%|@[A-Za-z_]\w*@|\{[\w.]*\}|<[^<>]*>|ENC\[.*\]|vault:.*
    |arn:aws:secretsmanager:.*|ssm:/.*""",
    re.VERBOSE | re.DOTALL,
)
_TRIVIAL = frozenset({"true", "false", "null", "none", "nil", "undefined"})
_UUID = Pattern(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")


def placeholder(secret: str, provider: bool = False) -> bool:
    """F1: a documentation or placeholder value."""
    lower = secret.lower()
    if provider:
        return (
            secret in _AWS_DOC_KEYS
            or secret.endswith(("EXAMPLE", "EXAMPLEKEY"))
            or "xxxx" in lower
            or "****" in lower
            or any(run in lower for run in _COUNTING)
        )
    return (
        any(w in lower for w in _PLACEHOLDER_WORDS) or _ANGLE.search(secret) is not None
        or _BRACKETED.fullmatch(secret) is not None
    )


def template(secret: str) -> bool:
    """F2: a template or a reference to a secret kept elsewhere."""
    return _TEMPLATE.fullmatch(secret.strip()) is not None


def _keyboard_steps() -> dict[tuple[str, str], frozenset[int]]:
    steps: dict[tuple[str, str], set[int]] = {}
    for i, row in enumerate(_KEYBOARD):
        for a, b in zip(row, row[1:]):
            steps.setdefault((a, b), set()).add(2 * i)
            steps.setdefault((b, a), set()).add(2 * i + 1)
    return {pair: frozenset(ids) for pair, ids in steps.items()}


_KEYBOARD_STEPS = _keyboard_steps()


def _sequence_share(secret: str) -> float:
    """Share of the longest run of consecutive characters, or of 4+ keys along a keyboard row
    in one direction (one pass: a long value costs no more per character than a short one)."""
    best = run = 1
    rows: dict[int, int] = {}  # row-direction -> length of the run ending here
    lower = secret.lower()
    for a, b, x, y in zip(secret, secret[1:], lower, lower[1:]):
        run = run + 1 if ord(b) - ord(a) in (1, -1) else 1
        ids = _KEYBOARD_STEPS.get((x, y))
        rows = {k: rows.get(k, 1) + 1 for k in ids} if ids else {}
        longest = max(rows.values(), default=0)
        best = max(best, run, longest if longest >= 4 else 0)
    return best / len(secret)


def low_diversity(secret: str) -> bool:
    """F3: one repeated character, no ASCII letter, or mostly an alphabet/keyboard run."""
    if not secret or len(set(secret)) == 1:
        return True
    if not any("a" <= c <= "z" or "A" <= c <= "Z" for c in secret):
        return True
    return _sequence_share(secret) >= 0.8


def trivial(secret: str) -> bool:
    """F5: booleans, nulls, empty and purely numeric values."""
    stripped = secret.strip()
    return not stripped or stripped.lower() in _TRIVIAL or stripped.replace(".", "").isdigit()


def is_uuid(secret: str) -> bool:
    """F6: a bare UUID."""
    return _UUID.fullmatch(secret) is not None


def entropy(secret: str) -> float:
    """Shannon entropy in bits per character."""
    if not secret:
        return 0.0
    n = len(secret)
    return -sum(c / n * math.log2(c / n) for c in Counter(secret).values())


def passes_global(secret: str, provider: bool) -> bool:
    """F1, F2, F3 and F5 (F4 and F6 belong to the keyword and entropy rules)."""
    return not (
        placeholder(secret, provider) or template(secret) or low_diversity(secret) or trivial(secret)
    )


# --- provider tokens: one row per shape ---------------------------------------

@record(frozen=True)
class Token:
    rule: str
    label: str
    keywords: tuple[str, ...]
    pattern: Pattern  # group "secret"
    min_entropy: float = 0.0
    near: tuple[str, ...] = ()  # one must occur on the line or the `near_lines` above
    near_lines: int = 0
    shape: Callable[[str], bool] | None = None  # shape test done in Python, not in the regex
    provider: str = ""  # SEC134: the provider the message names


def _rx(body: str, left: str = r"(?<![A-Za-z0-9_])", right: str = r"(?![A-Za-z0-9_])") -> Pattern:
    return Pattern(f"{left}(?P<secret>{body}){right}")


_DASHED = (r"(?<![A-Za-z0-9_-])", r"(?![A-Za-z0-9_-])")


def _slack_shape(secret: str) -> bool:
    if secret.startswith("xapp-"):
        return len(secret) >= 25
    tail = secret.split("-", 1)[1]
    parts = tail.split("-")
    return len(tail) >= 20 and len(parts) >= 2 and parts[0].isdigit() and parts[-1].isalnum()


def _openai_shape(secret: str) -> bool:
    if secret.startswith("sk-ant-"):
        return False
    if "T3BlbkFJ" in secret:
        return True
    return secret.startswith("sk-proj-") and len(secret) - len("sk-proj-") >= 100


def _azure_key_shape(secret: str) -> bool:
    return 86 <= len(secret) <= 88 and secret.endswith("=")


def _b64url_text(part: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def jwt_alg(secret: str) -> str | None:
    """The `alg` of a JWT's header (lower case), or None when the header is not JSON with one."""
    header = secret.split(".", 1)[0]
    decoded = _b64url_text(header) if len(header) >= 10 else None
    match = re.search(r'"alg"\s*:\s*"([^"]*)"', decoded) if decoded else None
    return match.group(1).lower() if match else None


def _jwt_shape(secret: str) -> bool:
    """A signed JWT, or an unsigned one (alg none) whose payload holds claims (#15 class 7)."""
    alg = jwt_alg(secret)
    if alg is None:
        return False
    if alg != "none":
        return True
    payload = _b64url_text(secret.split(".")[1])
    return payload is not None and payload.lstrip().startswith("{") and payload.count(":") >= 2


TOKENS: tuple[Token, ...] = (
    Token("SEC101", "AWS access key id", ("akia", "asia", "abia", "acca", "a3t"),
          _rx(r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}"), 3.0),
    Token("SEC103", "GitHub classic personal access token", ("ghp_",), _rx(r"ghp_[A-Za-z0-9]{36}"), 3.0),
    Token("SEC104", "GitHub fine-grained personal access token", ("github_pat_",),
          _rx(r"github_pat_[A-Za-z0-9_]{82}"), 3.0),
    Token("SEC105", "GitHub OAuth/app token", ("gho_", "ghu_", "ghs_", "ghr_"),
          _rx(r"gh[ousr]_[A-Za-z0-9]{36}"), 3.0),
    Token("SEC106", "GitLab token",
          ("glpat-", "gldt-", "glrt-", "glptt-", "glft-", "glsoat-", "glcbt-", "glimt-", "glagent-", "gloas-", "gr1348941"),
          _rx(r"(?:glpat|gldt|glrt|glft|glsoat|glcbt|glimt|gloas)-[A-Za-z0-9_-]{20,}"
              r"|glptt-[0-9a-f]{40}|glagent-[A-Za-z0-9_-]{50,}|GR1348941[A-Za-z0-9_-]{20,}", *_DASHED), 3.0),
    Token("SEC107", "Slack token", ("xox", "xapp-"),
          _rx(r"(?:xoxe\.)?xox[bpaosre]-[0-9]+-[A-Za-z0-9-]+|xapp-[0-9]-[A-Za-z0-9-]+", *_DASHED),
          2.5, shape=_slack_shape),
    Token("SEC109", "Stripe live key", ("sk_live", "rk_live", "sk_prod", "rk_prod"),
          _rx(r"[sr]k_(?:live|prod)_[A-Za-z0-9]{10,99}"), 2.0),
    Token("SEC110", "Stripe test key", ("sk_test", "rk_test"), _rx(r"[sr]k_test_[A-Za-z0-9]{10,99}"), 2.0),
    Token("SEC111", "Google API key", ("aiza",), _rx(r"AIza[A-Za-z0-9_-]{35}", *_DASHED), 3.5),
    Token("SEC114", "OpenAI API key", ("t3blbkfj", "sk-proj-", "sk-svcacct-", "sk-admin-"),
          _rx(r"sk-[A-Za-z0-9_-]{20,}", *_DASHED), 3.0, shape=_openai_shape),
    Token("SEC115", "Anthropic API key", ("sk-ant-",),
          _rx(r"sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{80,}", *_DASHED), 3.0),
    Token("SEC116", "npm access token", ("npm_",), _rx(r"npm_[A-Za-z0-9]{36}"), 2.5),
    Token("SEC116", "npm registry auth token", ("_authtoken",),
          Pattern(r"(?m)^[^\S\n]*//[^\s:]+:_authToken[^\S\n]*=[^\S\n]*[\"']?(?P<secret>[^\s\"']+)"), 2.5),
    Token("SEC117", "PyPI upload token", ("pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"),
          _rx(r"pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}", *_DASHED)),
    Token("SEC118", "Twilio API key", ("twilio",), _rx(r"SK[0-9a-fA-F]{32}"), 3.0,
          near=("twilio",), near_lines=3),
    Token("SEC119", "SendGrid API key", ("sg.",),
          _rx(r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}", *_DASHED), 3.0),
    Token("SEC120", "Azure storage account key", ("accountkey",),
          Pattern(r"(?i:accountkey)[^\S\n]*=[^\S\n]*(?P<secret>[A-Za-z0-9+/]{84,88}={0,2})(?![A-Za-z0-9+/=])"),
          4.0, shape=_azure_key_shape),
    Token("SEC120", "Azure shared access signature", ("sharedaccesssignature",),
          Pattern(r"[?&;]sig=(?P<secret>[A-Za-z0-9%+/=]{20,})"), 4.0,
          near=("sharedaccesssignature",)),
    Token("SEC121", "Azure Entra ID client secret", ("q~",),
          Pattern(r"(?:(?<=[\s\"'=:`])|^)(?P<secret>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])",
                     re.M), 3.0),
    Token("SEC122", "JSON Web Token", ("eyj",),
          _rx(r"eyJ[A-Za-z0-9_-]{7,}\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", *_DASHED), 3.0, shape=_jwt_shape),
    Token("SEC124", "HashiCorp Vault token", ("hvs.", "hvb.", "hvr."),
          _rx(r"hv[sbr]\.[A-Za-z0-9_-]{90,}", *_DASHED), 3.5),
    Token("SEC124", "HashiCorp Vault token (legacy)", ("vault",),
          # `vault login` prints a table (`token   s.…`) some lines below the command
          _rx(r"s\.[A-Za-z0-9]{24}", r"(?<![A-Za-z0-9_.])", r"(?![A-Za-z0-9_.])"), 3.5, near=("vault",), near_lines=10),
    Token("SEC124", "HashiCorp Vault unseal key", ("unseal key", "recovery key"),
          Pattern(r"(?:Unseal|Recovery) Key [0-9]{1,2}:[^\S\n]*(?P<secret>[A-Za-z0-9+/]{40,}={0,2})(?![A-Za-z0-9+/=])"), 3.5),
    Token("SEC125", "Terraform Cloud API token", ("atlasv1",),
          _rx(r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}", r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9_=-])"), 3.5),
    Token("SEC126", "DigitalOcean token", ("dop_v1_", "doo_v1_", "dor_v1_"),
          _rx(r"do[por]_v1_[a-f0-9]{64}"), 3.0),
    Token("SEC127", "Hugging Face token", ("hf_", "api_org_"), _rx(r"(?:hf_|api_org_)[A-Za-z]{34}"), 2.5),
    Token("SEC128", "Databricks token", ("dapi",), _rx(r"dapi[a-f0-9]{32}(?:-[0-9])?"), 3.0),
    Token("SEC129", "Shopify token", ("shpat_", "shpca_", "shppa_", "shpss_"),
          _rx(r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"), 2.5),
    Token("SEC130", "Square token", ("eaaa", "sq0atp-", "sq0csp-"),
          _rx(r"(?:EAAA|sq0atp-)[A-Za-z0-9_-]{22,60}|sq0csp-[A-Za-z0-9_-]{43}", *_DASHED), 2.5),
    Token("SEC131", "Mailchimp API key", ("-us",), _rx(r"[0-9a-f]{32}-us[0-9]{1,2}"), 3.0),
    Token("SEC132", "Discord bot token", ("discord", "bot"),
          _rx(r"[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,38}", *_DASHED), 3.5,
          near=("discord", "bot"), near_lines=3),
    Token("SEC133", "Telegram bot token", ("telegram", "bot", "tg"),
          # also inside the Bot API URL path: `https://api.telegram.org/bot<id>:<token>/getMe`
          _rx(r"[0-9]{8,10}:AA[A-Za-z0-9_-]{33}", r"(?:(?<![A-Za-z0-9_-])|(?<=/bot))", _DASHED[1]), 3.0,
          near=("telegram", "bot", "tg")),
    Token("SEC135", "age secret key", ("age-secret-key-1",),
          _rx(r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}")),
)

# SEC134: other SaaS tokens, one row per provider: (provider, keyword, regex, entropy floor, near words).
_SAAS: tuple[tuple[str, str, str, float, tuple[str, ...]], ...] = (
    ("Pulumi", "pul-", r"pul-[a-f0-9]{40}", 0.0, ()),
    ("Postman", "pmak-", r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}", 0.0, ()),
    ("Grafana", "glsa_", r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", 3.0, ()),
    ("Grafana Cloud", "glc_", r"glc_[A-Za-z0-9+/]{32,}={0,2}", 3.0, ()),
    ("Sentry", "sntryu_", r"sntryu_[a-f0-9]{64}", 0.0, ()),
    ("Sentry", "sntrys_", r"sntrys_eyJ[A-Za-z0-9+/=_-]{50,}", 3.0, ()),
    # personal, service (with its environment), CLI, service-account, SCIM and audit tokens
    ("Doppler", "dp.", r"dp\.(?:pt|st|ct|sa|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}", 3.0, ()),
    ("Linear", "lin_api_", r"lin_api_[A-Za-z0-9]{40}", 3.0, ()),
    ("Dynatrace", "dt0c01.", r"dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}", 3.0, ()),
    ("1Password service account", "ops_eyj", r"ops_eyJ[A-Za-z0-9+/=_-]{250,}", 3.0, ()),
    ("RubyGems", "rubygems_", r"rubygems_[a-f0-9]{48}", 0.0, ()),
    ("Brevo", "xkeysib-", r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}", 0.0, ()),
    ("Heroku", "hrku-aa", r"HRKU-AA[A-Za-z0-9_-]{58}", 3.0, ()),
    ("New Relic", "nrak-", r"NRAK-[A-Z0-9]{27}", 3.0, ()),
    ("Perplexity", "pplx-", r"pplx-[A-Za-z0-9]{48}", 3.0, ()),
    ("Mailgun", "mailgun", r"key-[a-f0-9]{32}", 0.0, ("mailgun",)),
    ("Heroku", "heroku", r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", 0.0,
     ("heroku",)),
    # #15 class 7: each shape from the provider's own documentation of its token format
    ("Discord webhook", "discord", r"discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68}", 3.0, ()),
    ("Artifactory API key", "akcp", r"AKCp[A-Za-z0-9]{69}", 3.5, ()),
    ("Artifactory reference token", "cmvmdgtu", r"cmVmdGtu[A-Za-z0-9]{56}", 3.5, ()),
    ("Okta API token", "okta", r"00[A-Za-z0-9_-]{40}", 3.5, ("okta", "ssws")),
    ("Atlassian API token", "atatt3", r"ATATT3[A-Za-z0-9_=-]{150,250}", 3.5, ()),
    ("Bitbucket app password", "atbb", r"ATBB[A-Za-z0-9_=.-]{32,}", 3.5, ()),
    ("Datadog API key", "datadog", r"[a-f0-9]{32}", 3.0, ("datadog", "dd_api", "dd-api")),
    ("Datadog application key", "datadog", r"[a-f0-9]{40}", 3.0, ("datadog", "dd_app", "dd-application")),
    ("New Relic license key", "nral", r"[a-f0-9]{36}NRAL", 3.0, ()),
    ("New Relic insights key", "nrii-", r"NRII-[A-Za-z0-9_-]{32}", 3.0, ()),
    ("Linear OAuth token", "lin_oauth_", r"lin_oauth_[a-f0-9]{64}", 3.0, ()),
    ("Notion token", "ntn_", r"ntn_[0-9]{11}[A-Za-z0-9]{35}", 3.0, ()),
    ("Notion integration secret", "notion", r"secret_[A-Za-z0-9]{43}", 3.5, ("notion",)),
    ("Cloudflare origin CA key", "v1.0-", r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}", 3.0, ()),
    ("Mailgun", "mailgun", r"[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}", 3.0, ("mailgun",)),
    ("Amazon Bedrock API key", "absk", r"ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{40,}={0,2}", 3.5, ()),
    ("Amazon Bedrock API key", "bedrock-api-key-", r"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%]{40,}", 3.5, ()),
    ("Stripe webhook signing secret", "whsec_", r"whsec_[A-Za-z0-9+/=]{32,}", 3.5, ()),
    ("Docker Hub token", "dckr_", r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}", 3.0, ()),
    ("Supabase token", "sbp_", r"sbp_(?:v0_)?[a-f0-9]{40}", 3.0, ()),
    ("PlanetScale token", "pscale_", r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}", 3.5, ()),
    ("Replicate token", "r8_", r"r8_[A-Za-z0-9]{37}", 3.5, ()),
    ("Groq API key", "gsk_", r"gsk_[A-Za-z0-9]{52}", 3.5, ()),
    ("xAI API key", "xai-", r"xai-[A-Za-z0-9]{80}", 3.5, ()),
    ("Airtable token", "pat", r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}", 3.5, ()),
    ("Tailscale key", "tskey-", r"tskey-[a-z]{3,8}-[A-Za-z0-9]{6,24}-[A-Za-z0-9]{20,}", 3.5, ()),
    ("Contentful token", "cfpat-", r"CFPAT-[A-Za-z0-9_-]{43}", 3.5, ()),
    ("Google OAuth client secret", "gocspx-", r"GOCSPX-[A-Za-z0-9_-]{28}", 3.5, ()),
    ("Google OAuth access token", "ya29.", r"ya29\.[A-Za-z0-9_-]{50,}", 3.5, ()),
    ("Mapbox secret token", "sk.eyj", r"sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}", 3.5, ()),
    ("Pinecone API key", "pcsk_", r"pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{40,}", 3.5, ()),
    ("Buildkite token", "bkua_", r"bkua_[a-f0-9]{40}", 3.0, ()),
    ("Prefect API key", "pnu_", r"pnu_[A-Za-z0-9]{36}", 3.5, ()),
    ("Netlify token", "nfp_", r"nfp_[A-Za-z0-9]{36,40}", 3.5, ()),
    ("Shippo live token", "shippo_live_", r"shippo_live_[a-f0-9]{40}", 3.0, ()),
    ("Infracost API key", "ico-", r"ico-[A-Za-z0-9]{32}", 3.5, ()),
    ("Octopus Deploy API key", "octopus", r"API-[A-Z0-9]{25,27}", 3.5, ("octopus",)),
    ("Frame.io token", "fio-u-", r"fio-u-[A-Za-z0-9_=-]{64}", 3.5, ()),
    ("Flutterwave secret key", "flwseck", r"FLWSECK(?:_TEST)?-[a-f0-9]{32}-X", 3.0, ()),
    ("Duffel live token", "duffel_live_", r"duffel_live_[A-Za-z0-9_=-]{43}", 3.5, ()),
    ("EasyPost API key", "ezak", r"EZAK[a-f0-9]{54}", 3.0, ()),
    ("Clojars token", "clojars_", r"CLOJARS_[a-f0-9]{60}", 3.0, ()),
    ("Alibaba Cloud access key id", "ltai", r"LTAI[A-Za-z0-9]{20}", 3.5, ()),
    ("Azure DevOps token", "azdo", r"[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}", 3.5, ()),
    ("Fly.io token", "fm2_", r"FlyV1 fm2_[A-Za-z0-9+/=,_-]{100,}", 3.5, ()),
    ("LaunchDarkly key", "launchdarkly",
     r"(?:api|sdk)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 3.0, ("launchdarkly",)),
    ("Plaid access token", "access-production-",  # sandbox/development tokens reach no real account
     r"access-production-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 3.0, ()),
    ("Braintree access token", "access_token$production$",
     r"access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}", 3.0, ()),
    ("Microsoft Teams webhook", "webhookb2/",
     r"webhookb2/[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}", 3.0, ()),
    ("PagerDuty integration key", "pagerduty", r"[a-f0-9]{32}", 3.0, ("pagerduty",)),
)
_KINDS = ("token", "key", "secret", "webhook", "password")
_SAAS_NEAR_LINES = {"Okta API token": 3}  # `okta:` heads the YAML block its `api_token:` sits in
SAAS_TOKENS: tuple[Token, ...] = tuple(
    Token("SEC134", provider if provider.lower().endswith(_KINDS) else f"{provider} token", (keyword,),
          _rx(body, *_DASHED), floor, near=near, near_lines=_SAAS_NEAR_LINES.get(provider, 0), provider=provider)
    for provider, keyword, body, floor, near in _SAAS
)


def find_tokens(token: Token) -> Find:
    def find(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
        for match in token.pattern.finditer(text.text):
            secret = match.group("secret")
            if token.shape is not None and not token.shape(secret):
                continue
            if not passes_global(secret, provider=True) or entropy(secret) < token.min_entropy:
                continue
            if token.near and not text.near(match.start("secret"), token.near, token.near_lines):
                continue
            if token.rule == "SEC122" and jwt_alg(secret) == "none":
                yield Hit("SEC122", match.start("secret"), secret, "unsigned JSON Web Token", severity=Severity.LOW)
                continue
            yield Hit(token.rule, match.start("secret"), secret, token.label, provider=token.provider)
    return find


# SEC134 rows run as one detector: a row without context words is looked for only when its
# keyword occurs inside a run of 20+ token characters (every such token is one), so the ~60
# keywords are searched in a few long runs rather than each in the whole text.
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.+/=$")
_RUN_MASK = str.maketrans({chr(c): ("a" if chr(c) in _TOKEN_CHARS else " ") for c in range(128)})
_MIN_TOKEN_RUN = "a" * 20


def token_runs(text: Text) -> str:
    """The lower-cased runs of 20+ token characters in the text, one per line (cached)."""
    cached: str | None = text.__dict__.get("_token_runs")
    if cached is not None:
        return cached
    mask, runs = text.text.translate(_RUN_MASK), []
    start = mask.find(_MIN_TOKEN_RUN)
    while start >= 0:
        end = mask.find(" ", start)
        end = len(mask) if end < 0 else end
        runs.append(text.text[start:end].lower())
        start = mask.find(_MIN_TOKEN_RUN, end)
    text.__dict__["_token_runs"] = found = "\n".join(runs)
    return found


def find_saas_tokens(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    """Every SEC134 row whose keyword occurs (in a long run, or anywhere for rows that need
    a context word such as `heroku` or `datadog`)."""
    runs: str | None = None
    for token in SAAS_TOKENS:
        if token.near:
            if not any(k in text.lower for k in token.keywords):
                continue
        else:
            runs = token_runs(text) if runs is None else runs
            if not any(k in runs for k in token.keywords):
                continue
        yield from find_tokens(token)(text, options)


# --- Slack webhooks (SEC108) ---------------------------------------------------

_SLACK_HOOK = Pattern(r"hooks\.slack\.com/(?P<kind>services|workflows|triggers)/(?P<secret>[A-Za-z0-9_/-]+)")


def find_slack_webhooks(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    for match in _SLACK_HOOK.finditer(text.text):
        parts = match.group("secret").strip("/").split("/")
        if len(parts[-1]) < 20:
            continue
        if match.group("kind") == "services" and not (
            len(parts) >= 3 and parts[0].startswith("T") and parts[1].startswith("B")
        ):
            continue
        if match.group("kind") != "services" and len(parts) < 2:
            continue
        if passes_global(parts[-1], provider=True) and not placeholder(match.group("secret"), provider=True):
            yield Hit("SEC108", match.start("secret"), match.group("secret"), "Slack webhook URL")


# --- private keys (SEC112, SEC113) ---------------------------------------------

_PEM_BEGIN = Pattern(r"-----BEGIN (?P<label>[A-Z0-9 ]{0,40}?)(?<= |N)PRIVATE KEY(?: BLOCK)?-----")
_PEM_END = Pattern(r"-----END (?P<label>[A-Z0-9 ]{0,40}?)(?<= |D)PRIVATE KEY(?: BLOCK)?-----")
_B64_RUN = Pattern(r"[A-Za-z0-9+/=]{40,}")
_B64_CHARS = Pattern(r"[A-Za-z0-9+/=]")
_PUTTY = Pattern(r"PuTTY-User-Key-File-[23]:[^\n]*")
_PUTTY_PRIVATE = Pattern(r"Private-Lines:[^\S\n]*(?P<count>[0-9]{1,4})[^\S\n]*\n")
_PEM_WINDOW_LINES = 100


def _openssh_encrypted(body: str) -> bool:
    chars = "".join(_B64_CHARS.findall(body[:200]))[:96]
    try:
        decoded = base64.b64decode(chars[: len(chars) // 4 * 4])
    except (binascii.Error, ValueError):
        return False
    return decoded.startswith(b"openssh-key-v1") and b"bcrypt" in decoded[:80]


def _pem_hits(text: Text) -> Iterator[Hit]:
    ends = [(m.start(), m) for m in _PEM_END.finditer(text.text)]
    if not ends:
        return
    starts = [m for m in _PEM_BEGIN.finditer(text.text)]
    end_offsets = [offset for offset, _ in ends]
    for i, begin in enumerate(starts):
        j = bisect.bisect_left(end_offsets, begin.end())
        if j == len(ends):
            break
        end = ends[j][1]
        # the nearest header before a footer owns it: bodies stay disjoint (linear time)
        if i + 1 < len(starts) and starts[i + 1].start() < end.start():
            continue
        if end.group("label").strip() != begin.group("label").strip():
            continue
        if text.line_of(end.start()) - text.line_of(begin.start()) > _PEM_WINDOW_LINES:
            continue
        body = text.text[begin.end():end.start()]
        if len(_B64_CHARS.findall(body)) < 64 or not _B64_RUN.search(body):
            continue
        secret = body.strip(" \t\n\\n\"'")
        if not secret or placeholder(secret, provider=True):
            continue
        label = begin.group("label").strip()
        encrypted = "ENCRYPTED" in label or "Proc-Type: 4,ENCRYPTED" in body or (
            label == "OPENSSH" and _openssh_encrypted(body)
        )
        what = f"{label.replace('ENCRYPTED', '').strip() or 'PKCS#8'} private key"
        yield Hit(
            "SEC113", text.text.index(secret, begin.end()), secret,
            ("encrypted " if encrypted else "") + what,
            end_line=text.line_of(end.start()),
            severity=Severity.HIGH if encrypted else None,
            anchor=begin.start(),
        )


def _putty_hits(text: Text) -> Iterator[Hit]:
    if "private-lines:" not in text.lower:
        return
    headers = list(_PUTTY.finditer(text.text))
    privates = list(_PUTTY_PRIVATE.finditer(text.text))
    offsets = [m.start() for m in privates]
    for i, header in enumerate(headers):
        j = bisect.bisect_left(offsets, header.end())
        if j == len(privates):
            break
        lines = privates[j]
        # the nearest header before a Private-Lines owns it: the spans stay disjoint (linear time)
        if i + 1 < len(headers) and headers[i + 1].start() < lines.start():
            continue
        if text.line_of(lines.start()) - text.line_of(header.start()) > _PEM_WINDOW_LINES:
            continue
        count = int(lines.group("count"))
        first = text.line_of(lines.end())
        last = min(first + count - 1, len(text.starts))
        stop = text.starts[last] if last < len(text.starts) else len(text.text)
        secret = text.text[lines.end():stop].strip()
        if len(_B64_CHARS.findall(secret)) < 20:
            continue
        encryption = re.search(r"Encryption:[^\S\n]*(\S+)", text.text[header.end():lines.start()])
        encrypted = encryption is not None and encryption.group(1) != "none"
        yield Hit(
            "SEC113", lines.end(), secret, ("encrypted " if encrypted else "") + "PuTTY private key",
            end_line=text.line_of(stop - 1) if stop > lines.end() else first,
            severity=Severity.HIGH if encrypted else None,
            anchor=header.start(),
        )


def find_private_keys(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    if "-----begin" in text.lower:
        yield from _pem_hits(text)
    if "putty-user-key-file" in text.lower:
        yield from _putty_hits(text)


_SA_TYPE = Pattern(r"[\"']type[\"'][^\S\n]*:[^\S\n]*[\"']service_account[\"']")
# the PEM markers inside the value are checked in Python: three `[^"]*` runs in one regex are cubic
_SA_KEY = Pattern(r"[\"']private_key[\"'][^\S\n]*:[^\S\n]*\"(?P<secret>[^\"\n]*)\"")
_SA_WINDOW_LINES = 30


def find_service_account_keys(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    types = [text.line_of(m.start()) for m in _SA_TYPE.finditer(text.text)]
    if not types:
        return
    for match in _SA_KEY.finditer(text.text):
        line = text.line_of(match.start())
        i = bisect.bisect_left(types, line - _SA_WINDOW_LINES)
        secret = match.group("secret")
        begin = secret.find("BEGIN")
        if begin < 0 or secret.find("PRIVATE KEY", begin) < 0:
            continue
        if len(_B64_CHARS.findall(secret)) < 64 or placeholder(secret, provider=True):
            continue
        if i < len(types) and types[i] <= line + _SA_WINDOW_LINES:
            yield Hit("SEC112", match.start("secret"), secret, "GCP service-account private key")


# --- assignments (SEC102, SEC140, SEC142) --------------------------------------

CODE_EXTENSIONS = frozenset({
    ".py", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".go", ".java", ".kt", ".kts", ".rb",
    ".php", ".cs", ".swift", ".rs", ".scala", ".groovy", ".tf", ".tfvars", ".hcl",
})
_ASSIGNMENT = Pattern(
    r"""(?<![\w.\-])(?:--?)?(?P<q>["']?)(?P<name>[A-Za-z_][\w.\-]{0,80})(?P=q)\]?[^\S\n]{0,40}
    (?P<op>:[^\S\n]{0,4}[A-Za-z_][\w.\[\]|, ]{0,60}=(?!=)|:=|=>|=(?!=)|:(?![:=/\\]))
    [^\S\n]{0,16}(?:\[\]byte\()?
    (?P<value>"{3}[^"\n]*"{3}|[bBrRuUfF]{0,2}"(?:[^"\\\n]|\\.)*"|[bBrRuUfF]{0,2}'(?:[^'\\\n]|\\.)*'|`[^`\n]*`|(?![{\[])[^\s;,"]+)""",
    re.VERBOSE,
)
_XML_ELEMENT = Pattern(
    r"<(?P<name>[A-Za-z_][\w.\-]{0,80})(?:[^\S\n][^<>\n]{0,200})?>(?P<value>[^<>\n]{1,300})</(?P=name)>",
)
_PHP_DEFINE = Pattern(r"""define\([^\S\n]*(?P<q>["'])(?P<name>[A-Za-z_]\w{0,80})(?P=q)[^\S\n]*,[^\S\n]*(?P<value>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""")
_SQL_PASSWORD = Pattern(
    r"(?i:identified(?:[^\S\n]+with[^\S\n]+\w{1,40})?[^\S\n]+by|(?<![\w-])(?:encrypted[^\S\n]+)?password)"
    r"[^\S\n]+'(?P<value>[^'\n]{1,200})'"
)
_DOCKER_ENV = Pattern(r"(?im)^[^\S\n]*(?:ENV|ARG)[^\S\n]+(?P<name>[A-Za-z_]\w*)[^\S\n]+(?P<value>[^\s=]\S*)")
_STRING_PREFIX = Pattern(r"[bBrRuUfF]{1,2}(?=[\"'])")


@record(frozen=True)
class Assignment:
    name: str
    value: str  # without quotes
    start: int  # offset of the value in the text
    quoted: bool


def _unquote(raw: str, start: int) -> tuple[str, int, bool]:
    prefix = _STRING_PREFIX.match(raw)
    if prefix:
        raw, start = raw[prefix.end():], start + prefix.end()
    if len(raw) >= 6 and raw.startswith('"""') and raw.endswith('"""'):
        return raw[3:-3], start + 3, True  # Grafana/INI triple quotes around a value with `#` or `;`
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'`":
        return raw[1:-1], start + 1, True
    stripped = raw.rstrip("}])").strip("\"'")
    return stripped, start + raw.find(stripped) if stripped else start, False


def assignments(text: Text) -> list[Assignment]:
    """Every `name <op> value` in the text, computed once per file."""
    cached: list[Assignment] | None = text.__dict__.get("_assignments")
    if cached is not None:
        return cached
    found: list[Assignment] = []
    for match in _candidate_assignments(text):
        name = match.group("name")
        # every reader of assignments wants a secret-like name (SEC140, SEC142) or one holding
        # "secret" (SEC102): a log's `id=… status=200 user=…` costs no unquoting or record
        if name_kind(name) is None and "secret" not in name.lower():
            continue
        value, start, quoted = _unquote(match.group("value"), match.start("value"))
        if match.group("op").startswith(":") and len(match.group("op")) > 2 and not quoted:
            continue  # `name: Type = value` only counts with a literal
        found.append(Assignment(name, value, start, quoted))
    if "</" in text.text:
        for match in _XML_ELEMENT.finditer(text.text):
            found.append(Assignment(match.group("name"), match.group("value").strip(), match.start("value"), False))
    if "identified" in text.lower or "password '" in text.lower:  # SQL: CREATE/ALTER USER … IDENTIFIED BY '…'
        for match in _SQL_PASSWORD.finditer(text.text):
            found.append(Assignment("password", match.group("value"), match.start("value"), True))
    if "define(" in text.lower:
        for match in _PHP_DEFINE.finditer(text.text):
            value, start, quoted = _unquote(match.group("value"), match.start("value"))
            found.append(Assignment(match.group("name"), value, start, quoted))
    if "env" in text.lower or "arg" in text.lower:
        for match in _DOCKER_ENV.finditer(text.text):
            value, start, quoted = _unquote(match.group("value"), match.start("value"))
            found.append(Assignment(match.group("name"), value, start, quoted))
    text.__dict__["_assignments"] = found
    return found


# Every name `name_kind` or the "secret" test accepts holds one of these (lower-cased):
# the password words, the key words, "key" (pairs and bare keys) and the strong suffixes.
_NAME_WORDS = ("pass", "pwd", "contrase", "secret", "token", "key", "cred")


def _candidate_assignments(text: Text) -> Iterator[re.Match[str]]:
    """`_ASSIGNMENT` matches on the lines whose text holds a word a wanted name needs: the
    same matches as over the whole text (no match spans a line, and none starts after a
    match ends mid-line differently), at a fraction of the cost on files where few lines
    could name a secret (the regex tries every identifier of every line)."""
    if len(text.lower) != len(text.text):  # lower-casing moved offsets (`İ`): lines_with is approximate
        yield from _ASSIGNMENT.finditer(text.text)
        return
    lines: set[int] = set()
    for word in _NAME_WORDS:
        lines |= text.lines_with(word)
    starts, whole, rx = text.starts, text.text, _ASSIGNMENT.rx
    for line in sorted(lines):
        end = starts[line] - 1 if line < len(starts) else len(whole)  # the line's newline, or the end
        yield from rx.finditer(whole, starts[line - 1], end)


_CAMEL = Pattern(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase", "contrasena", "contraseña"})
_KEY_WORDS = frozenset({"secret", "token", "apikey", "credential", "credentials", "creds"})
_KEY_PAIRS = frozenset({
    ("api", "key"), ("access", "key"), ("auth", "key"), ("private", "key"), ("secret", "key"),
    ("client", "secret"), ("auth", "token"), ("access", "token"), ("signing", "key"), ("encryption", "key"),
    ("hmac", "key"), ("master", "key"), ("preshared", "key"), ("shared", "key"),
})
_STRONG_SUFFIXES = ("password", "passwd", "secret", "token", "apikey")
_NOT_SECRET = frozenset({
    "id", "ids", "name", "names", "type", "url", "uri", "endpoint", "host", "port", "path", "file",
    "filename", "dir", "length", "len", "size", "min", "max", "count", "expiry", "expires",
    "expiration", "ttl", "timeout", "format", "field", "label", "prompt", "placeholder", "hint",
    "policy", "rotation", "version", "header", "param", "regex", "pattern", "public", "user",
    "username", "enabled", "required", "reset", "hash", "hashed", "salt", "arn", "ref", "env",
})


def name_tokens(name: str) -> list[str]:
    """`dbPassword` -> ["db", "password"]; splits on `_ - .` and camelCase."""
    return [t.lower() for part in re.split(r"[_\-.\s]+", name) for t in (_CAMEL.findall(part) or [part]) if t]


_NAME_KINDS: dict[str, str | None] = {}  # names repeat across files: judged once per run


def name_kind(name: str) -> str | None:
    """"password", "key", "bare-key" (a name that ends in a plain `key`) or None."""
    if name in _NAME_KINDS:
        return _NAME_KINDS[name]
    if len(_NAME_KINDS) > 8192:
        _NAME_KINDS.clear()
    kind = _NAME_KINDS[name] = _name_kind(name)
    return kind


def _name_kind(name: str) -> str | None:
    tokens = name_tokens(name)
    if len(tokens) >= 2 and tokens[-1] == "id" and tokens[-2] in ("secret", "token"):
        tokens = tokens[:-1]  # Vault's `secret_id`, `VAULT_DEV_ROOT_TOKEN_ID`: the id is the secret
    if tokens and tokens[-1] in _PASSWORD_WORDS and len(tokens) > 1:
        return "password"  # `EMAIL_HOST_PASSWORD`, `user_password`: the last word says what it holds
    if not tokens or any(t in _NOT_SECRET for t in tokens):
        return None
    if any(t in _PASSWORD_WORDS for t in tokens):
        return "password"
    if any(t in _KEY_WORDS for t in tokens) or any(p in _KEY_PAIRS for p in zip(tokens, tokens[1:])):
        return "key"
    # run-together names (`dbpassword`, `clientsecret`) end with a strong stem
    for t in tokens:
        for stem in _STRONG_SUFFIXES:
            if t.endswith(stem) and t != stem:
                return "password" if stem in ("password", "passwd") else "key"
    if tokens[-1] == "key" and not (len(tokens) > 1 and tokens[-2] in _NOT_KEY_KINDS):
        return "bare-key"
    return None


# `<word> key` names that are never credentials (database, cache, map and UI keys)
_NOT_KEY_KINDS = frozenset({
    "primary", "foreign", "sort", "partition", "range", "hash", "cache", "object", "s3", "map", "dict",
    "unique", "composite", "idempotency", "dedup", "lookup", "translation", "i18n", "hot", "short",
    "shortcut", "keyboard", "react", "row", "column", "index", "group", "label", "metric", "tag", "ssh",
    "publishable", "browser", "site",  # public by design: Stripe pk_, New Relic browser, reCAPTCHA site keys
})
# values public by design (shipped to browsers): Stripe publishable keys, Mapbox public tokens, New Relic browser keys
_PUBLIC_PREFIXES = ("pk_live_", "pk_test_", "pk.eyJ", "NRJS-")
STOPWORDS = (
    "password", "secret", "token", "changeme", "example", "sample", "test", "dummy", "default",
    "localhost", "redacted", "lorem", "ipsum", "foo", "bar", "baz", "qwerty", "todo",
    "fixme", "null", "none", "undefined",
)
# An attribute reference is made of word-like names (`settings.API_KEY`, `var.db_pass2`);
# digits inside a segment (`HI4lF60.q3Dir4`) make it a literal with a dot in it.
_NON_LITERAL = Pattern(
    r"[A-Za-z_][\w.]*\(.*|[A-Za-z_][\w.]*\[.*|[A-Za-z_][A-Za-z_]*\d*(?:\.[A-Za-z_][A-Za-z_]*\d*)+",
    re.DOTALL,
)
_PATH = Pattern(r"(?:/|\./|\.\./|~/|[A-Za-z]:\\)")
_URL = Pattern(r"[A-Za-z][A-Za-z0-9+.-]*://")
_EMAIL = Pattern(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_VERSION = Pattern(r"v?[0-9]+(?:\.[0-9]+)+(?:[-+.][0-9A-Za-z.-]*)?")
_HASHED = Pattern(r"\$(?:2[abxy]?|argon2(?:id|i|d)?|scrypt|[156])\$")


def non_literal(value: str) -> bool:
    """F4: a call, subscript or attribute reference rather than a literal."""
    return _NON_LITERAL.fullmatch(value) is not None


def _names_a_setting(name: str, value: str) -> bool:
    """In a dotenv file, which holds values and never code: a dotted value is a setting's
    name (`settings.DB_PASSWORD`, `var.db_password2`) when it says what it names (a word of
    the variable's name or a secret word); `c.KvrYKBdrCwxJ` is the password itself."""
    if non_literal_data(value):
        return True
    if not non_literal(value):
        return False
    lower = value.lower()
    return any(t in lower for t in name_tokens(name) if len(t) >= 2) or any(w in lower for w in _SECRET_WORDS)


def _dotenv(name: str) -> bool:
    """`.env`, `.env.local`, `prod.env`: dotenv files."""
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


def non_literal_data(value: str) -> bool:
    """F4 for a parsed value of structured data (YAML, JSON): a call or subscript written as
    text (`get_secret()`, `env['X']`). A dotted word there is text, not an attribute
    reference: `value: iklTDzHSAm.Fa3` under DB_PASSWORD in a manifest is the password (dotted
    lower-case or upper-case words stay quiet as identifiers, `generic_value_ok`)."""
    return non_literal(value) and ("(" in value or "[" in value)


# A conversion must end its word (`%s@db`, `"%d"`): `%6il` or `%xC` inside a random password is not one.
_FORMAT = Pattern(r"%[-+ 0#]*\d*(?:\.\d+)?[sdirfxXo](?![A-Za-z0-9])|%\([A-Za-z_]\w*\)|\{[A-Za-z_]?[\w.\[\]]{0,60}(?:![rsa])?(?::[^{}]{0,20})?\}|\$[{(]")
_SHELL_VAR = Pattern(r"\$(?P<name>[A-Za-z_]\w{0,60})")
_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-/:")
_PATH_SHAPE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-/*~")
_ID_SEPARATORS = str.maketrans("_.-", "   ")
_PROSE_WORDS = frozenset({
    "the", "a", "an", "of", "for", "to", "in", "on", "is", "are", "be", "this", "that", "here", "your",
    "my", "some", "and", "or", "with", "from", "not", "use", "set", "enter", "goes", "value",
})
_CONFIG_WORDS = frozenset({
    "required", "optional", "disabled", "enabled", "hidden", "masked", "generated", "random", "prompt",
    "string", "sensitive", "inherit", "readonly", "writeonly", "computed", "variable", "notset", "unset",
    "empty", "secret", "password", "token", "anonymous", "environment",
    "hunter2", "correct horse battery staple",  # the internet's example passwords
})
_SECRET_WORDS = ("password", "passwd", "pass", "pwd", "secret", "token", "key")


def yaml_tag(value: str) -> bool:
    """`!vault`, `!Ref`, `!GetAtt`: a YAML tag, the value follows it (Ansible Vault, CloudFormation)."""
    tag = value.split(None, 1)[0] if value[:1] == "!" else ""
    return tag[1:].isascii() and tag[1:].isalpha()


def format_string(value: str) -> bool:
    """A printf/format/f-string or shell template: `%s`, `%(pw)s`, `{password}`, `$VAR`, `${…}`.
    A `$name` counts only when the name has one case (`$DB_PASS`, `$password`): `$eW8nQz`
    inside a random password is not a variable."""
    if _FORMAT.search(value) is not None:
        return True
    return any(m.group("name").isupper() or m.group("name").islower() for m in _SHELL_VAR.finditer(value))


def identifier_like(value: str) -> bool:
    """`NextToken`, `Marker`, `refresh_token_value`, `CHANGE_ME`, `iam:PassRole`: names, not secrets.
    A single all-lower-case word (`whalehello`) is not an identifier: passwords look like that."""
    if not _identifier_shape(value):
        return False
    return not (value.isalpha() and value.islower())


def _identifier_shape(value: str) -> bool:
    """ASCII letters (`NextToken`), or words of one case joined by single `_ . -`
    (`refresh_token_value`, `CHANGE_ME`), optionally `:Letters` after (`iam:PassRole`).
    In Python: the equivalent regex alternation retried per segment (super-linear)."""
    head, colon, tail = value.partition(":")
    if (colon and not (tail.isascii() and tail.isalpha())) or not head.isascii():
        return False
    if head.isalpha():
        return True
    if " " in head:
        return False
    parts = head.translate(_ID_SEPARATORS).split(" ")
    return (len(parts) > 1 and all(p.isalpha() for p in parts)
            and (all(p.islower() for p in parts) or all(p.isupper() for p in parts)))


def relative_path(value: str) -> bool:
    """`.deploystack/creds.json`, `refs/heads/main:refs/remotes/origin/main`: lower-case path
    segments (a random secret with `/` has upper case or `+`)."""
    return "/" in value.strip("/:") and value[:1] not in ":/" and all(c in _PATH_CHARS for c in value)


def prose(value: str) -> bool:
    words = value.lower().split()
    return len(words) >= 2 and any(w in _PROSE_WORDS for w in words)


def _json_without_secrets(value: str, stopwords: Sequence[str]) -> bool:
    """A JSON object or array written as a string value, none of whose members (at any depth)
    is a secret assignment: judged by its members, not as one random-looking string."""
    import json

    try:
        data = json.loads(value)
    except (ValueError, RecursionError):
        return False
    if not isinstance(data, (dict, list)):
        return False
    stack: list[object] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, member in item.items():
                if isinstance(member, str):
                    kind = name_kind(str(key))
                    if kind is not None and generic_value_ok(str(key), member, kind, stopwords):
                        return False
                else:
                    stack.append(member)
        elif isinstance(item, list):
            stack.extend(item)
    return True


def generic_value_ok(name: str, value: str, kind: str, stopwords: Sequence[str]) -> bool:
    """The value filters of SEC140. An explicit password name makes any literal that is not a
    placeholder, template, reference or identifier a finding (entropy does not veto it); other
    names need a value that looks random enough."""
    lower = value.lower()
    if not (6 if kind == "password" else 8) <= len(value) <= 200:
        return False
    if template(value) or "${" in value or "{{" in value or "$(" in value or format_string(value):
        return False
    if placeholder(value) or trivial(value) or identifier_like(value) or prose(value) or value.startswith(_PUBLIC_PREFIXES):
        return False
    if is_uuid(value) and name_tokens(name)[-2:] not in (["secret", "id"], ["token", "id"]):
        return False  # Vault's AppRole secret_id and dev root token ids are UUIDs: there a UUID is the secret
    if lower == name.lower() or lower in _CONFIG_WORDS:
        return False
    own = [w for w in _SECRET_WORDS if w in lower]
    if any(word in lower for word in stopwords if word not in own):
        return False
    if own and value.replace(" ", "").isalpha():
        return False  # `PasswordReset`, `mypassword`, `Confirm password`: describes a secret, holds none
    if _PATH.match(value) or _URL.match(value) or _EMAIL.fullmatch(value) or _VERSION.fullmatch(value):
        return False
    if relative_path(value) or _HASHED.match(value):
        return False
    if value[:1] in "{[" and _json_without_secrets(value, stopwords):
        return False  # `SecretStringTemplate: '{"username": "app"}'`: a structure holding no secret member
    if kind == "password":
        if len(set(value)) == 1 or not any(c.isalpha() for c in value) or _sequence_share(value) >= 0.85:
            return False
        if value in (value + value)[1:-1]:  # one unit repeated: `abcabc`, `hunter2hunter2`
            return False
        return len(value) >= 8 or not value.isalpha()
    if low_diversity(value):
        return False
    if kind == "bare-key":  # `key`, `newKey`: only a value that could be nothing but random
        return len(value) >= 16 and _classes(value, symbols=False) == 3 and " " not in value and entropy(value) >= 3.5
    hex_digits = len(value) >= 16 and all(c in "0123456789abcdef" for c in value.lower())
    bits = entropy(value)
    if bits >= (3.0 if hex_digits else 3.5):  # random hex tops out at 4 bits a character
        return True
    # a short generated secret cannot reach 3.5 bits (14 characters top out at 3.8, and two
    # repeats cost 0.3): three of lower, upper, digit and symbol together say generated
    # (not a dotted name: `shop.refreshToken` has three classes too)
    return len(value) >= 12 and bits >= 3.2 and " " not in value and _classes(value) >= 3 and not non_literal(value)


def _classes(value: str, symbols: bool = True) -> int:
    """How many of lower case, upper case, digits (and symbols) `value` uses."""
    return (any(c.islower() for c in value) + any(c.isupper() for c in value)
            + any(c.isdigit() for c in value) + (symbols and any(not c.isalnum() for c in value)))


def find_generic(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    extra = options.get("stopwords", ())
    stopwords = STOPWORDS + tuple(str(w).lower() for w in extra if isinstance(w, str)) if isinstance(extra, (list, tuple)) else STOPWORDS
    code = text.is_code
    dotenv = _dotenv(text.name)
    for a in assignments(text):
        kind = name_kind(a.name)
        if kind is None or (code and not a.quoted):
            continue
        if not a.quoted and ((_names_a_setting(a.name, a.value) if dotenv else non_literal(a.value)) or yaml_tag(a.value)):
            continue
        if generic_value_ok(a.name, a.value, kind, stopwords):
            yield Hit("SEC140", a.start, a.value, f"{'password' if kind == 'password' else 'secret'} assigned to {redact(a.name)!r}:")


_AWS_SECRET = Pattern(r"(?<![A-Za-z0-9/+])(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])")
_AWS_KEY_ID = Pattern(r"(?<![A-Za-z0-9_])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9_])")


def _aws_secret_ok(secret: str) -> bool:
    return (
        len(secret) == 40 and _AWS_SECRET.fullmatch(secret) is not None
        and passes_global(secret, provider=True) and entropy(secret) >= 4.0
    )


def find_aws_secrets(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    for a in assignments(text):
        lower = a.name.lower()
        if "secret" in lower and ("aws" in lower or "access" in lower) and _aws_secret_ok(a.value):
            yield Hit("SEC102", a.start, a.value, "AWS secret access key")
    if not any(k in text.lower for k in ("akia", "asia", "abia", "acca", "a3t")):
        return
    key_lines = {text.line_of(m.start()) for m in _AWS_KEY_ID.finditer(text.text)}
    if not key_lines:
        return
    secret_lines = text.lines_with("secret")
    for match in _AWS_SECRET.finditer(text.text):
        line = text.line_of(match.start())
        # on the key id's line, or labelled "secret" within 3 lines below it (a runbook's prose)
        paired = line in key_lines or (line in secret_lines and any(line - k in key_lines for k in (1, 2, 3)))
        if paired and _aws_secret_ok(match.group("secret")):
            yield Hit("SEC102", match.start(), match.group("secret"), "AWS secret access key")


# --- IaC passwords (SEC142) ----------------------------------------------------

_IAC_NAMES = frozenset({
    "password", "master_password", "admin_password", "administrator_login_password", "root_password",
    "db_password", "client_secret", "secret_key", "private_key", "token",
})
_ANSIBLE_DIRS = ("roles/", "playbooks/", "group_vars/", "host_vars/", "tasks/", "vars/", "defaults/")


def is_iac(text: Text) -> bool:
    """Terraform/HCL, Helm values, CloudFormation or Ansible YAML (SEC142)."""
    if text.ext in (".tf", ".tfvars", ".hcl"):
        return True
    if text.ext not in (".yaml", ".yml", ".json", ".template"):
        return False
    if text.name.startswith("values") and text.ext in (".yaml", ".yml"):
        return True
    if "awstemplateformatversion" in text.lower or "aws::" in text.lower:
        return True
    path = "/" + text.path.replace("\\", "/")
    return any("/" + d in path for d in _ANSIBLE_DIRS) or ("hosts:" in text.lower and "tasks:" in text.lower)


def _iac_name(name: str) -> bool:
    snake = "_".join(name_tokens(name))
    return snake in _IAC_NAMES or snake.endswith("_password")


def find_iac_passwords(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    if not is_iac(text):
        return
    hcl = text.ext in (".tf", ".tfvars", ".hcl")
    for a in assignments(text):
        if not _iac_name(a.name) or (hcl and not a.quoted):
            continue
        value = a.value
        if not a.quoted and (non_literal(value) or value.startswith(("!", "|", ">", "&", "*"))):
            continue
        if generic_value_ok(a.name, value, "password", STOPWORDS):
            yield Hit("SEC142", a.start, value, f"hard-coded {redact(a.name)!r}:")


# --- credentials in URLs (SEC123) ---------------------------------------------

_URL_CREDENTIALS = Pattern(
    r"(?<![A-Za-z0-9+.-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{1,20})://"
    r"(?P<user>[^\s:@/?#'\"<>]{0,100}):(?P<secret>[^\s@/?#'\"<>]{1,200})@(?P<host>[A-Za-z0-9._\[\]-]{1,253})",
)
_URL_PLACEHOLDER_PASSWORDS = frozenset({
    "password", "pass", "passwd", "pwd", "secret", "user", "username", "changeme", "root", "admin", "test",
})
_DOC_HOSTS = ("example.com", "example.org", "example.net", "localhost", "127.0.0.1")


def find_url_credentials(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    for match in _URL_CREDENTIALS.finditer(text.text):
        secret = match.group("secret")
        if secret.lower() in _URL_PLACEHOLDER_PASSWORDS or template(secret) or "${" in secret or "{{" in secret or format_string(secret):
            continue
        if placeholder(secret) or placeholder(match.group("user")) or trivial(secret) or low_diversity(secret):
            continue
        host = match.group("host").lower()
        if host.endswith(_DOC_HOSTS) and (
            len(secret) < 8 or any(w in secret.lower() for w in STOPWORDS) or entropy(secret) < 3.0
        ):
            continue
        yield Hit("SEC123", match.start("secret"), secret, f"{match.group('scheme')} URL password")


# --- Kubernetes Secret manifests (SEC136) -------------------------------------

_TOP_KEY = Pattern(r"(?P<key>[A-Za-z_][\w-]*):(?:[^\S\n]|$)")
_DATA_ENTRY = Pattern(r"(?P<indent>[^\S\n]+)(?P<q>[\"']?)(?P<key>[^\s:\"'#][^:\"'\n]*)(?P=q):(?P<rest>.*)")


_KIND_LINE = Pattern(r"(?P<indent>[^\S\n]*)(?P<dash>-[^\S\n]+)?kind:[^\S\n]*[\"']?(?P<kind>[A-Za-z]+)[\"']?[^\S\n]*(?:#.*)?")
_K8S_ITEM_LINES = 1000  # a Secret mapping is looked for this many lines around its `kind:` line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _secret_mappings(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(index of its first line, its lines dedented to column 0) of each `kind: Secret` mapping:
    a whole YAML document, or an item of a `kind: List` (or any list) at any indentation."""
    doc_start, last_end = 0, -1
    for i, line in enumerate(lines):
        if line.startswith("---"):
            doc_start = i + 1
            continue
        if i < last_end or "kind" not in line:
            continue
        m = _KIND_LINE.fullmatch(line)
        if m is None or m.group("kind") != "Secret":
            continue
        col = len(m.group("indent")) + len(m.group("dash") or "")
        start = i
        j = i - 1
        while not m.group("dash") and j >= max(doc_start, i - _K8S_ITEM_LINES):
            stripped = lines[j].strip()
            if stripped and not stripped.startswith("#"):
                ind = _indent(lines[j])
                if stripped.startswith("-") and ind + len(stripped) - len(stripped[1:].lstrip()) == col:
                    start = j  # the list item's first line (`- apiVersion: v1`)
                    break
                if ind < col:
                    break
                start = j
            j -= 1
        end = i + 1
        while end < min(len(lines), i + _K8S_ITEM_LINES):
            below = lines[end]
            stripped = below.strip()
            if below.startswith("---") or (stripped and not stripped.startswith("#") and _indent(below) < col):
                break
            end += 1
        last_end = end
        yield start, [row[col:] if len(row) >= col and not row[:col].strip("- ") else row.strip() for row in lines[start:end]]


def _data_values(doc: list[str]) -> Iterator[tuple[int, str, str, bool]]:
    """(index of the key line in doc, key, value, base64-encoded) of each data/stringData entry."""
    section: str | None = None
    i = 0
    while i < len(doc):
        line = doc[i]
        top = _TOP_KEY.match(line)
        entry = _DATA_ENTRY.match(line) if section and not top else None
        if top:
            section = top.group("key") if top.group("key") in ("data", "stringData") else None
        if entry is None:
            i += 1
            continue
        key_index = i
        value = entry.group("rest").split(" #", 1)[0].strip().strip("\"'")
        if value[:1] in ("|", ">"):
            indent = len(entry.group("indent"))
            block = []
            while i + 1 < len(doc) and (
                not doc[i + 1].strip() or len(doc[i + 1]) - len(doc[i + 1].lstrip()) > indent
            ):
                i += 1
                block.append(doc[i].strip())
            value = "\n".join(b for b in block if b)
        yield key_index, entry.group("key").strip(), value, section == "data"
        i += 1


def _decoded(value: str) -> str:
    try:
        return base64.b64decode(value, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return value


# Secret keys that hold no secret (a user name, a host, a CA or certificate): reported only
# when the decoded value carries a credential itself (a URL with a password, a private key)
_K8S_PUBLIC_KEYS = frozenset({
    "user", "username", "login", "host", "hostname", "port", "database", "db", "dbname", "region", "namespace",
    "email", "ca", "crt", "cert", "certificate", "pub", "url", "uri", "endpoint", "server", "address",
})


def _k8s_public(key: str, plain: str) -> bool:
    if "PRIVATE KEY" in plain or _URL_CREDENTIALS.search(plain):
        return False
    if "-----BEGIN CERTIFICATE-----" in plain or "-----BEGIN PUBLIC KEY-----" in plain:
        return True
    tokens = name_tokens(key)
    return bool(tokens) and tokens[-1] in _K8S_PUBLIC_KEYS


def find_k8s_secrets(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    lines = text.text.split("\n")
    for first, doc in _secret_mappings(lines):
        for index, key, value, encoded in _data_values(doc):
            if len(value) <= 3 or "{{" in value or "${" in value or value in ("{}", "[]"):
                continue
            plain = _decoded(value) if encoded else value
            if placeholder(value) or placeholder(plain) or trivial(plain) or template(value) or _k8s_public(key, plain):
                continue
            line_start = text.starts[first + index]
            found = text.text.find(value, line_start, line_start + len(lines[first + index]) + 1)
            yield Hit("SEC136", found if found >= 0 else line_start, value, f"Kubernetes Secret key {redact(key)!r}:")


# --- AWS documentation example keys (SEC139) ------------------------------------

# the two pairs the AWS documentation uses; a team plants them to prove its gate works
_AWS_EXAMPLES = Pattern(
    r"(?<![A-Za-z0-9/+])(?P<secret>AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # pragma: allowlist secret
    r"|AKIAI44QH8DHBEXAMPLE|je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY)(?![A-Za-z0-9/+])"  # pragma: allowlist secret
)
AWS_EXAMPLE_KEYWORDS = ("akiaiosfodnn7example", "wjalrxutnfemi", "akiai44qh8dhbexample", "je7mtgbclwbf")
_DOC_EXTENSIONS = frozenset({".md", ".markdown", ".mdx", ".rst", ".adoc", ".asciidoc", ".txt"})
_DOC_DIRS = frozenset({"docs", "doc", "documentation", "website", "site"})


def documentation(path: str) -> bool:
    """Markdown/reStructuredText/AsciiDoc files and files under a docs directory."""
    parts = path.replace("\\", "/").lower().split("/")
    return os.path.splitext(parts[-1])[1] in _DOC_EXTENSIONS or any(p in _DOC_DIRS for p in parts[:-1])


def find_aws_examples(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    if documentation(text.path):
        return
    for match in _AWS_EXAMPLES.finditer(text.text):
        secret = match.group("secret")
        what = "key id" if secret.startswith("AKIA") else "secret key"
        yield Hit("SEC139", match.start("secret"), secret, f"AWS documentation example {what}")


# --- encoded secrets (SEC144) ----------------------------------------------------

# a standard base64 run, padded (`base64 -w0`, Kubernetes data): decoded once, when printable
_B64_CANDIDATE = Pattern(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/]{32,}={0,2}(?![A-Za-z0-9+/=_-])")
_ENCODED_MAX = 16384  # longer runs are data (images, archives), not one credential


# ASCII base64 characters -> "a", other ASCII -> " ": `str.translate` and `str.find` of 32 "a"s locate
# the candidate runs at C speed (the regex alone, tried at every position, cost ~10x more)
_B64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_B64_MASK = str.maketrans({chr(c): ("a" if chr(c) in _B64_ALPHABET else " ") for c in range(128)})
_B64_MIN_RUN = "a" * 32


def _base64_regions(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch that may hold a base64 run of 32+ characters (with room
    for its padding and the character after it)."""
    mask = text.translate(_B64_MASK)
    start = mask.find(_B64_MIN_RUN)
    while start >= 0:
        end = mask.find(" ", start)
        if end < 0:
            yield start, len(text)
            return
        yield start, min(len(text), end + 3)
        start = mask.find(_B64_MIN_RUN, end)


def printable_base64(run: str) -> str | None:
    """The text a base64 run decodes to, or None when it is not base64 of printable ASCII."""
    if len(run) % 4 or len(run) > _ENCODED_MAX:
        return None
    try:
        raw = base64.b64decode(run, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw.isascii():
        return None
    plain = raw.decode("ascii")
    return plain if plain.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in plain) else None


def _encoded_hits(plain: str, path: str) -> Iterator[tuple[str, str]]:
    """(label, provider) of each provider secret inside decoded text."""
    inner = Text(path, plain)
    if "-----begin" in inner.lower:
        for hit in _pem_hits(inner):
            yield hit.label, ""
            return
    for token in TOKENS + SAAS_TOKENS:
        if token.near or not any(k in inner.lower for k in token.keywords):
            continue
        for hit in find_tokens(token)(inner, {}):
            yield hit.label, hit.provider
            return


def find_encoded(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    for start, end in _base64_regions(text.text):
        for match in _B64_CANDIDATE.finditer(text.text, start, end):
            run = match.group(0)
            plain = printable_base64(run)
            if plain is None:
                continue
            for label, provider in _encoded_hits(plain, text.path):
                yield Hit("SEC144", match.start(), run, f"base64-encoded {label}", provider=provider)
                break


# --- password hashes (SEC145) ------------------------------------------------------

# crypt(3) and LDAP formats: bcrypt, md5/sha-crypt, Apache apr1, yescrypt, argon2, {SHA}/{SSHA}, Django pbkdf2
_CRYPT = (
    r"\$2[abxy]?\$[0-9]{2}\$[./A-Za-z0-9]{53}"
    r"|\$(?:1|5|6|apr1|md5)\$(?:rounds=[0-9]{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}"
    r"|\$y\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{1,86}\$[./A-Za-z0-9]{43}"
    r"|\$argon2(?:id|i|d)\$v=[0-9]{1,3}\$m=[0-9]{1,9},t=[0-9]{1,9},p=[0-9]{1,3}\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}"
    r"|\{S?SHA(?:256|512)?\}[A-Za-z0-9+/]{20,}={0,2}"
    r"|pbkdf2_sha(?:1|256)\$[0-9]{4,7}\$[A-Za-z0-9]{1,64}\$[A-Za-z0-9+/]{20,}={0,2}"
)
# `user:HASH` alone on its line (.htpasswd) or followed by the aging fields (/etc/shadow)
_ACCOUNT_HASH = Pattern(rf"(?m)^[^\S\n]*[^\s:#]{{1,64}}:!?(?P<secret>{_CRYPT})(?=:|[^\S\n]*$)")
# a quoted hash in an SQL dump's INSERT/COPY rows
_QUOTED_HASH = Pattern(rf"'(?P<secret>{_CRYPT})'")
HASH_KEYWORDS = ("$2", "$1$", "$5$", "$6$", "$apr1$", "$y$", "$argon2", "{sha", "{ssha", "pbkdf2_sha")


def _hash_ok(secret: str) -> bool:
    tail = secret.rsplit("$", 1)[-1].rsplit("}", 1)[-1]
    return not placeholder(tail, provider=True) and not low_diversity(tail) and entropy(tail) >= 3.0


def find_password_hashes(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    for match in _ACCOUNT_HASH.finditer(text.text):
        if _hash_ok(match.group("secret")):
            yield Hit("SEC145", match.start("secret"), match.group("secret"), "password hash of an account:")
    if "insert into" not in text.lower and "copy " not in text.lower:
        return
    rows = text.lines_with("insert into") | text.lines_with("copy ") | text.lines_with("values")
    for match in _QUOTED_HASH.finditer(text.text):
        line = text.line_of(match.start())
        if (line in rows or line - 1 in rows) and _hash_ok(match.group("secret")):
            yield Hit("SEC145", match.start("secret"), match.group("secret"), "password hash in an SQL dump:")


# --- credential files by format (SEC146) ----------------------------------------

def _cred_value_ok(value: str) -> bool:
    """A value in a credential file: anything but empty, placeholder, template or trivial."""
    value = value.strip()
    return (
        len(value) >= 4 and not template(value) and "${" not in value and "{{" not in value
        and not (value.startswith("$") and _SHELL_VAR.fullmatch(value)) and not placeholder(value)
        and not trivial(value) and value.lower() not in _URL_PLACEHOLDER_PASSWORDS and not low_diversity(value)
    )


def _user_password(value: str) -> bool:
    """base64 of `user:password` with a real password (.dockercfg `auth`, .npmrc `_auth`)."""
    plain = printable_base64(value) if len(value) % 4 == 0 else None
    if plain is None or ":" not in plain:
        return False
    return _cred_value_ok(plain.split(":", 1)[1])


_INI_VALUE = r"[^\S\n]*[=:][^\S\n]*(?P<secret>[^\s#;][^\n#;]*?)[^\S\n]*$"
# (file names, pattern with group "secret", label, value test)
_CREDENTIAL_FORMATS: tuple[tuple[tuple[str, ...], Pattern, str, Callable[[str], bool]], ...] = (
    ((".netrc", "_netrc"), Pattern(r"(?<!\S)password[^\S\n]+(?P<secret>\S+)"), ".netrc password", _cred_value_ok),
    ((".npmrc", "npmrc"), Pattern(r"(?m)^[^\S\n]*(?://\S*:)?_auth[^\S\n]*=[^\S\n]*[\"']?(?P<secret>[A-Za-z0-9+/]+={0,2})"),
     ".npmrc _auth (base64 user:password)", _user_password),
    ((".npmrc", "npmrc"), Pattern(r"(?m)^[^\S\n]*(?://\S*:)?_password[^\S\n]*=[^\S\n]*[\"']?(?P<secret>[^\s\"']+)"),
     ".npmrc _password", _cred_value_ok),
    ((".pypirc",), Pattern(r"(?m)^[^\S\n]*password" + _INI_VALUE), ".pypirc password", _cred_value_ok),
    ((".s3cfg",), Pattern(r"(?m)^[^\S\n]*(?:secret_key|access_token|gpg_passphrase|proxy_password)" + _INI_VALUE),
     ".s3cfg secret", _cred_value_ok),
    ((".boto", "boto.cfg"), Pattern(r"(?m)^[^\S\n]*(?:aws_secret_access_key|gs_secret_access_key|gs_oauth2_refresh_token"
                                    r"|proxy_pass|gs_service_key_file_password)" + _INI_VALUE),
     ".boto secret", _cred_value_ok),
    ((".ftpconfig", "sftp-config.json", ".remote-sync.json", "sftp.json", "ftp-sync.json", "deployment-config.json"),
     Pattern(r"[\"'](?:password|pass|passphrase)[\"'][^\S\n]*:[^\S\n]*[\"'](?P<secret>[^\"'\n]+)[\"']"),
     "FTP/SFTP client password", _cred_value_ok),
    (("sitemanager.xml", "recentservers.xml", "filezilla.xml"),
     Pattern(r"<Pass(?:[^\S\n]+encoding=[\"'](?:base64|plain)[\"'])?>(?P<secret>[^<\n]+)</Pass>"),
     "FileZilla saved password", _cred_value_ok),
    ((".ncx",), Pattern(r"[^\S\n]Password=\"(?P<secret>[0-9A-Fa-f]{16,})\""), "Navicat saved password", _cred_value_ok),
)
_DOCKER_AUTH_VALUE = Pattern(r"\"auth\"[^\S\n]*:[^\S\n]*\"(?P<secret>[A-Za-z0-9+/]{8,}={0,2})\"")
_WP_DEFINE = Pattern(
    r"""define\([^\S\n]*["'](?P<name>DB_PASSWORD|(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT))["'][^\S\n]*,"""
    r"""[^\S\n]*(?P<q>["'])(?P<secret>(?:(?!(?P=q))[^\\\n])*)(?P=q)"""
)
_RAILS_KEY = Pattern(r"[^\S\n]*(?P<secret>[0-9a-f]{32})[^\S\n]*\n?")
CREDENTIAL_FILE_KEYWORDS = ("\"auth\"", "define(", "password", "pass", "_auth", "secret_key", "access_token",
                            "passphrase", "refresh_token", "proxy_pass")


def find_credential_files(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    name = text.name.lower()
    if name.endswith("master.key") or (name.endswith(".key") and "/credentials/" in "/" + text.path.replace("\\", "/")):
        match = _RAILS_KEY.fullmatch(text.text)
        if match and entropy(match.group("secret")) >= 3.0:
            yield Hit("SEC146", match.start("secret"), match.group("secret"), "Rails master key")
        return
    if "wp-config" in name and name.endswith(".php"):
        for match in _WP_DEFINE.finditer(text.text):
            secret = match.group("secret")
            if _cred_value_ok(secret) and "unique phrase" not in secret and "_here" not in secret:
                yield Hit("SEC146", match.start("secret"), secret, f"WordPress {match.group('name')}")
    for names, pattern, label, ok in _CREDENTIAL_FORMATS:
        if name.endswith(names):  # `.netrc`, `sitemanager.xml`, also `deploy.netrc`, `bad_.npmrc` (fixtures)
            for match in pattern.finditer(text.text):
                if ok(match.group("secret")):
                    yield Hit("SEC146", match.start("secret"), match.group("secret"), label)
    if "\"auth\"" in text.lower:  # Docker registry auth: .dockercfg, config.json, .dockerconfigjson
        for match in _DOCKER_AUTH_VALUE.finditer(text.text):
            if _user_password(match.group("secret")):
                yield Hit("SEC146", match.start("secret"), match.group("secret"), "registry auth (base64 user:password)")


# --- Twilio account SID + auth token (SEC134) -----------------------------------

_TWILIO_SID = Pattern(r"(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])")
_HEX32 = Pattern(r"(?<![A-Za-z0-9])(?P<secret>[0-9a-f]{32})(?![A-Za-z0-9])")


def find_twilio_auth_tokens(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    """A 32-hex auth token labelled auth/token/secret within 3 lines of an account SID (AC…)."""
    sid_lines = {text.line_of(m.start()) for m in _TWILIO_SID.finditer(text.text)}
    if not sid_lines:
        return
    labelled = text.lines_with("auth") | text.lines_with("token") | text.lines_with("secret")
    for match in _HEX32.finditer(text.text):
        line = text.line_of(match.start())
        secret = match.group("secret")
        if line in labelled and any(line + k in sid_lines for k in range(-3, 4)) and entropy(secret) >= 3.0:
            if passes_global(secret, provider=True):
                yield Hit("SEC134", match.start(), secret, "Twilio auth token", provider="Twilio")


# --- command-line credentials (SEC143) -----------------------------------------

_CLI: tuple[tuple[Pattern, tuple[str, ...], str], ...] = (
    (Pattern(r"(?<!\S)(?:-u|--user)(?:[^\S\n]+|=)[\"']?[^\s:\"'`]+:(?P<secret>[^\s\"'`]+)"),
     ("curl",), "curl --user password"),
    (Pattern(r"(?<!\S)(?:-H|--header)(?:[^\S\n]+|=)[\"']?(?i:authorization)[^\S\n]*:[^\S\n]*"
                r"(?i:basic|bearer|token)[^\S\n]+(?P<secret>[^\s\"'`]+)"), (), "Authorization header"),
    (Pattern(r"(?<!\S)(?:-H|--header)(?:[^\S\n]+|=)[\"']?(?i:x-api-key)[^\S\n]*:[^\S\n]*(?P<secret>[^\s\"'`]+)"),
     (), "X-Api-Key header"),
    (Pattern(r"(?<!\S)--(?:http-|ftp-|proxy-)?password(?:=|[^\S\n]+)[\"']?(?P<secret>[^\s\"'`]+)"),
     (), "--password value"),
    (Pattern(r"(?<!\S)--(?:requirepass|masterauth)(?:=|[^\S\n]+)[\"']?(?P<secret>[^\s\"'`]+)"), (), "Redis password"),
    # exec-form argument lists (compose `command:`, Kubernetes `args:`, Dockerfile CMD)
    (Pattern(r"[\"']--?(?:password|passwd|pass|requirepass|masterauth)[\"'][^\S\n]*,[^\S\n]*[\"'](?P<secret>[^\s\"'`-][^\s\"'`]*)[\"']"),
     (), "password argument"),
    (Pattern(r"(?<!\S)-p(?P<secret>[^\s\"'`-][^\s\"'`]*)"), ("mysql", "mariadb"), "mysql -p password"),
    (Pattern(r"(?<!\S)-p[^\S\n]+[\"']?(?P<secret>[^\s\"'`-][^\s\"'`]*)"), ("login", "sshpass"), "-p password"),
)
CLI_KEYWORDS = ("curl", "wget", "-u", "authorization", "--password", "-p", "x-api-key", "--user", "requirepass",
                "masterauth", "pass\"", "pass'", "passwd\"", "passwd'", "password\"", "password'")


def cli_value_ok(secret: str) -> bool:
    return (
        len(secret) >= 6 and not secret.startswith(("$", "%"))
        and "${" not in secret and "{{" not in secret and "$(" not in secret
        and not placeholder(secret) and not template(secret) and not trivial(secret)
    )


def find_cli_credentials(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    for pattern, context, label in _CLI:
        if context and not any(word in text.lower for word in context):
            continue
        for match in pattern.finditer(text.text):
            secret = match.group("secret")
            if context and not text.near(match.start(), context):
                continue
            if cli_value_ok(secret):
                yield Hit("SEC143", match.start("secret"), secret, f"{label}:")


# --- high-entropy strings (SEC141, opt-in) --------------------------------------

_QUOTED = Pattern(r"(?P<q>[\"'])(?P<secret>[A-Za-z0-9+/=_-]{20,})(?P=q)")
_HEX = Pattern(r"[0-9a-fA-F]+")
_DIGEST_WORDS = ("rev", "commit", "sha", "hash", "integrity", "checksum")


def find_high_entropy(text: Text, options: Mapping[str, object]) -> Iterator[Hit]:
    for match in _QUOTED.finditer(text.text):
        secret = match.group("secret")
        if secret.startswith(("sha1-", "sha256-", "sha384-", "sha512-")) or is_uuid(secret):
            continue
        if _HEX.fullmatch(secret):
            if len(secret) < 32 or secret.isdigit() or entropy(secret) < 3.0:
                continue
            if text.near(match.start(), _DIGEST_WORDS):
                continue
            label = "high-entropy hex string"
        elif entropy(secret) >= 4.5:
            label = "high-entropy base64 string"
        else:
            continue
        if passes_global(secret, provider=False):
            yield Hit("SEC141", match.start("secret"), secret, label)


# --- structured data: one (key, value) pair (for the YAML/JSON hooks) ----------------

def provider_token(value: str) -> str | None:
    """The label of a provider token (or base64 of one, or of a private key) inside `value`,
    e.g. "GitHub classic personal access token", or None. Context-free: shapes that need a
    word nearby (Twilio, Discord, Telegram, Vault legacy tokens) are not judged here."""
    if not value or len(value) > _ENCODED_MAX:
        return None
    text = Text("", value)
    for token in TOKENS + SAAS_TOKENS:
        if token.near or not any(k in text.lower for k in token.keywords):
            continue
        for hit in find_tokens(token)(text, {}):
            return hit.label
    if "-----begin" in text.lower:
        for hit in _pem_hits(text):
            return hit.label
    plain = printable_base64(value.strip())
    if plain is not None:
        for label, _ in _encoded_hits(plain, ""):
            return f"base64-encoded {label}"
    return None


def literal_secret(name: str, value: str, stopwords: Sequence[str] = STOPWORDS) -> str | None:
    """Is `value`, written under `name` in structured data (a YAML/JSON/HCL key and its parsed
    scalar, quotes removed), a literal secret? Returns a short label for a message
    ("password", "secret", or a provider token's label) or None.

    The rules of SEC140 (docs/secrets.md): a provider token is a secret under any name; else
    the name must be secret-like (`password`, `db_pass`, `clientSecret`, `api_key`, `secret_id`
    …) and the value a literal that is not a template/reference (`${X}`, `{{ x }}`,
    `$(cat f)`, a YAML tag such as `!Ref`), placeholder, identifier, path, URL or prose.
    Pure, linear in the value, no I/O: call it on every pair."""
    if not isinstance(value, str) or not value or len(value) > _ENCODED_MAX:
        return None
    found = provider_token(value)
    if found is not None:
        return found
    kind = name_kind(name)
    if kind is None or non_literal_data(value) or yaml_tag(value):
        return None
    if generic_value_ok(name, value, kind, stopwords):
        return "password" if kind == "password" else "secret"
    return None


# --- masking: the one home for quoting user text ------------------------------
# Every message, notice or error that quotes text from a scanned file, a file name
# excepted, goes through `redact`; a secret the hook reports goes through `mask`.

def mask(secret: str) -> str:
    """`AKIA… (20 chars)`: at most 4 leading characters, fewer for short secrets."""
    shown = secret[: min(4, len(secret) // 3)]
    return f"{shown}… ({len(secret)} chars)"


QUOTE_LIMIT = 60
_REDACT_TOKEN = Pattern(r"[^\s\"'`,;(){}\[\]<>]+")
_REDACT_NAMED = Pattern(r"(?P<name>[A-Za-z_][\w.-]{0,60})(?P<sep>[\"']?[^\S\n]*[:=][^\S\n]*[\"']?)(?P<value>[^\s\"'`,;&]+)")
_QUERY_VALUE = Pattern(r"(?P<name>[?&;][\w.-]{1,60}=)(?P<value>[^&#\s\"']+)")


_WORD = Pattern(r"[A-Z]+|[A-Z]?[a-z]+")
_SEPARATORS = Pattern(r"[_.-]+")


def _identifier(core: str) -> bool:
    """`AWS_SECRET_ACCESS_KEY`, `db-password.file`: words joined by separators, each one case."""
    parts = _SEPARATORS.rx.split(core)
    return len(parts) > 1 and all(_WORD.fullmatch(p) for p in parts)


def _secret_shaped(token: str) -> bool:
    """A token that may be a credential: not a plain word, identifier, number or path, and mixed enough."""
    if len(token) < 10:
        return False
    core = token.strip(".:,")
    bare = core.replace("-", "").replace("_", "")
    if bare.isdigit() or (bare.isalpha() and (bare.islower() or bare.istitle() or len(bare) < 16)):
        return False
    if _identifier(core):
        return False
    if "." in core and all(part and part.replace("_", "").replace("-", "").isalpha() and part.islower() for part in core.split(".")):
        return False  # a dotted reference such as each.value.cidr_blocks or module.net.admin_cidr
    if "/" in core and all(c in _PATH_SHAPE for c in core) and any(c.isalpha() for c in core):
        return False  # a path such as /usr/local/bin, keys/id_rsa or config/*.env (no upper case)
    if _image_reference_shaped(core):
        return False  # an image or package reference: ubuntu:latest, python:3.12-slim, registry.io/team/app:1.2
    return entropy(core) >= 2.5


def _image_reference_shaped(core: str) -> bool:
    """`name:tag` or `registry/path/name:tag` in lower case, each part a word, a number or a
    short mix (`v1beta1`, `py3`): how references read, not how generated secrets do."""
    if not any(c in core for c in ":/@") or core != core.lower():
        return False
    parts = [p for p in re.split(r"[/:._@+-]+", core) if p]
    return len(parts) > 1 and all(p.isalpha() or p.isdigit() or len(p) <= 6 for p in parts)


def _redact_token(token: str) -> str:
    url = _URL_CREDENTIALS.search(token)
    if url is not None:
        token = token[: url.start("secret")] + mask(url.group("secret")) + token[url.end("secret"):]
    token = _QUERY_VALUE.rx.sub(lambda m: m.group("name") + mask(m.group("value")), token)
    if url is None and "?" not in token and _secret_shaped(token):
        return mask(token)
    return token


def redact(text: str, limit: int = QUOTE_LIMIT) -> str:
    """User text fit to quote in a message: every secret-shaped part masked (values of
    secret-looking names, URL passwords and query values, long mixed tokens), control
    characters escaped, and cut at `limit` characters without leaving half a token."""
    text = text[: limit * 4]

    def named(m: re.Match[str]) -> str:
        if name_kind(m.group("name")) is None:
            return m.group(0)
        return m.group("name") + m.group("sep") + mask(m.group("value"))

    text = _REDACT_NAMED.rx.sub(named, text)
    text = _REDACT_TOKEN.rx.sub(lambda m: m.group(0) if "…" in m.group(0) else _redact_token(m.group(0)), text)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    tail = len(cut) - max(cut.rfind(c) for c in " \t=:,;\"'")
    if tail > 5:  # never end on the first part of a long token
        cut = cut[: len(cut) - tail + 1]
    return cut + "…"
