"""SEC1nn: hard-coded secrets (docs/secrets.md).

Bad examples are documentation: every token in them ends with `EXAMPLE` or
holds `xxxx`, so the hook never reports its own catalogue.
"""
from __future__ import annotations

from sechooks.core.catalogue import Option, Rule, reserved_rule
from sechooks.core.finding import Severity

CWE = "CWE-798"
LEAKED = (
    "Anyone who can read the repository, a fork, a clone, a CI log or a package built "
    "from it can use the credential; git history keeps it after the line is deleted, so "
    "the only fix is to revoke it."
)


def _token_rule(
    id: str, name: str, title: str, severity: Severity, what: str, fix: str, bad: str, good: str,
    peers: tuple[str, ...], references: tuple[str, ...] = (), default: bool = True,
) -> Rule:
    return Rule(
        id=id, name=name, title=title, severity=severity,
        rationale=f"{what} {LEAKED}", fix=fix, bad=bad, good=good, default=default,
        peers=peers, references=(CWE, *references),
    )


RULES = (
    reserved_rule("SEC", "100", "A file"),
    _token_rule(
        "SEC101", "aws-access-key-id", "AWS access key id", Severity.HIGH,
        "An AWS access key id (AKIA…, or ASIA… for temporary keys) names a key pair; where the id "
        "is committed the secret half is rarely far away, and the id alone identifies the account.",
        "Deactivate the key in IAM, then load credentials from the environment/role.",
        'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',  # pragma: allowlist secret
        "# credentials come from the instance role or AWS_PROFILE\nsession = boto3.Session()",
        ("aws-access-token", "AWSKeyDetector"),
        ("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",),
    ),
    _token_rule(
        "SEC102", "aws-secret-access-key", "AWS secret access key", Severity.CRITICAL,
        "An AWS secret access key signs API requests as its IAM user: with it, an attacker acts "
        "with every permission of that user.",
        "Rotate the key pair; use IAM roles / SSO instead of static keys.",
        'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',  # pragma: allowlist secret
        'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]',
        ("AWSKeyDetector",),
    ),
    _token_rule(
        "SEC103", "github-classic-pat", "GitHub classic personal access token", Severity.CRITICAL,
        "A classic GitHub token (ghp_) acts as its owner on every repository and organisation "
        "the owner can reach, within its scopes.",
        "Revoke at github.com/settings/tokens; use a fine-grained token from a secret store.",
        'GITHUB_TOKEN = "ghp_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4oEXAMPLE"',
        'GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]',
        ("github-pat", "GitHubTokenDetector"),
    ),
    _token_rule(
        "SEC104", "github-fine-grained-pat", "GitHub fine-grained personal access token", Severity.CRITICAL,
        "A fine-grained GitHub token (github_pat_) grants its repository permissions to whoever "
        "holds it until it expires.",
        "Revoke the token; inject it from CI secrets.",
        'token = "github_pat_11AAAAAAA0xxxx_EXAMPLE"',
        "token: ${{ secrets.GH_TOKEN }}",
        ("github-fine-grained-pat",),
    ),
    _token_rule(
        "SEC105", "github-app-oauth-token", "GitHub OAuth, app or refresh token", Severity.HIGH,
        "OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_) and refresh (ghr_) tokens act "
        "for a GitHub App or user.",
        "Revoke the OAuth/app token.",
        'headers = {"Authorization": "token gho_0a1B2c3D4e5F6g7H8i9J0k1L2m3N4oEXAMPLE"}',
        'headers = {"Authorization": f"token {os.environ[\'GH_APP_TOKEN\']}"}',
        ("github-oauth", "github-app-token", "github-refresh-token"),
    ),
    _token_rule(
        "SEC106", "gitlab-token", "GitLab token", Severity.CRITICAL,
        "GitLab personal, deploy, runner, pipeline-trigger, feed, SCIM, CI-build, incoming-mail, "
        "agent and OAuth tokens (glpat-, gldt-, glrt- …) read or write projects and runners.",
        "Revoke in GitLab; use CI/CD masked variables.",
        'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxxEXAMPLE',
        'GITLAB_TOKEN=${GITLAB_TOKEN}',
        ("gitlab-pat", "gitlab-ptt", "gitlab-rrt", "gitlab-deploy-token", "gitlab-runner-authentication-token",
         "gitlab-feed-token", "gitlab-scim-token", "gitlab-cicd-job-token", "gitlab-incoming-mail-token",
         "gitlab-kubernetes-agent-token", "gitlab-oauth-app-secret", "GitLabTokenDetector"),
    ),
    _token_rule(
        "SEC107", "slack-token", "Slack token", Severity.HIGH,
        "Slack bot, user, app and refresh tokens (xoxb-, xoxp-, xapp- …) read channels and post "
        "as the workspace app or user.",
        "Revoke in the Slack app admin page.",
        'SLACK_BOT_TOKEN = "xoxb-000000000000-000000000000-xxxxEXAMPLE"',
        'SLACK_BOT_TOKEN = os.environ["SLACK_BOT_TOKEN"]',
        ("slack-bot-token", "slack-user-token", "slack-app-token", "slack-legacy-token",
         "slack-config-access-token", "slack-config-refresh-token", "SlackDetector"),
    ),
    _token_rule(
        "SEC108", "slack-webhook-url", "Slack incoming webhook URL", Severity.MEDIUM,
        "An incoming-webhook URL lets anyone post messages into the channel it is bound to, "
        "which makes convincing phishing easy.",
        "Regenerate the webhook; read it from a secret.",
        'webhook = "https://hooks.slack.com/services/T000/B000/xxxxEXAMPLE"',
        'webhook = os.environ["SLACK_WEBHOOK_URL"]',
        ("slack-webhook-url", "SlackDetector"),
    ),
    _token_rule(
        "SEC109", "stripe-live-key", "Stripe live secret or restricted key", Severity.CRITICAL,
        "A live Stripe secret or restricted key (sk_live_, rk_live_) moves real money: charges, "
        "refunds, payouts and customer data.",
        "Roll the key in the Stripe dashboard.",
        'stripe.api_key = "sk_live_xxxxEXAMPLE"',
        'stripe.api_key = os.environ["STRIPE_SECRET_KEY"]',
        ("stripe-access-token", "StripeDetector"),
        ("https://docs.stripe.com/keys",),
    ),
    _token_rule(
        "SEC110", "stripe-test-key", "Stripe test key", Severity.LOW,
        "A Stripe test key (sk_test_) cannot move money, but it exposes test-mode data and "
        "configuration, and committing it builds the habit that leaks live keys.",
        "Keep test keys out of the repo too.",
        'stripe.api_key = "sk_test_xxxxEXAMPLE"',
        'stripe.api_key = os.environ["STRIPE_TEST_KEY"]',
        ("stripe-access-token",), default=False,
    ),
    _token_rule(
        "SEC111", "google-api-key", "Google API key", Severity.HIGH,
        "A Google API key (AIza…) bills its project for Maps, Gemini and other APIs and, "
        "unless restricted, works from anywhere.",
        "Restrict or regenerate the key in Google Cloud console.",
        'GOOGLE_API_KEY = "AIzaxxxxxxxxxxxxxxxxxxxxxxxxxxEXAMPLE"',
        'GOOGLE_API_KEY = os.environ["GOOGLE_API_KEY"]',
        ("gcp-api-key",),
    ),
    _token_rule(
        "SEC112", "gcp-service-account-key", "GCP service-account key file", Severity.CRITICAL,
        "A service-account JSON key holds a private key that authenticates as the service "
        "account, with all its IAM roles, until the key is deleted.",
        "Delete the key in IAM; use Workload Identity.",
        '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nxxxxEXAMPLE…"}',
        "# no key file: Workload Identity / attached service account\nclient = storage.Client()",
        ("gcp-service-account",),
        ("https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys",),
    ),
    Rule(
        id="SEC113", name="private-key", title="Private key", severity=Severity.CRITICAL,
        rationale=(
            "A private key (TLS, SSH, PGP, PuTTY …) proves an identity: whoever copies it can "
            "impersonate the server or user and decrypt what was sent to it. Only a header followed "
            "by a key body counts; a header alone (parser code, docs) does not. An encrypted key is "
            f"reported as high, since it still needs its passphrase. {LEAKED}"
        ),
        fix="Remove the key, rotate it, and load it from a secret manager.",
        bad="-----BEGIN RSA PRIVATE KEY-----\nxxxxEXAMPLE…\n-----END RSA PRIVATE KEY-----",
        good="key = load_pem_private_key(secret_manager.get('tls-key'), password=None)",
        peers=("private-key", "PrivateKeyDetector"), references=(CWE, "CWE-321"),
    ),
    _token_rule(
        "SEC114", "openai-api-key", "OpenAI API key", Severity.HIGH,
        "An OpenAI key (sk-…T3BlbkFJ…, sk-proj-…) bills its organisation for every request.",
        "Revoke at platform.openai.com.",
        'OPENAI_API_KEY = "sk-proj-xxxxEXAMPLE"',
        'OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]',
        ("openai-api-key", "OpenAIDetector"),
    ),
    _token_rule(
        "SEC115", "anthropic-api-key", "Anthropic API key", Severity.HIGH,
        "An Anthropic API or admin key (sk-ant-api03-, sk-ant-admin01-) bills its organisation "
        "and, for admin keys, manages it.",
        "Revoke in the Anthropic console.",
        'ANTHROPIC_API_KEY = "sk-ant-api03-xxxxEXAMPLE"',
        'ANTHROPIC_API_KEY = os.environ["ANTHROPIC_API_KEY"]',
        ("anthropic-api-key", "anthropic-admin-api-key"),
    ),
    _token_rule(
        "SEC116", "npm-token", "npm access token", Severity.HIGH,
        "An npm token (npm_, or a literal _authToken in .npmrc) publishes packages as its owner: "
        "a supply-chain attack on everyone who installs them.",
        "Revoke with `npm token revoke`; use `${NPM_TOKEN}` in .npmrc.",
        "//registry.npmjs.org/:_authToken=npm_xxxxEXAMPLE",
        "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
        ("npm-access-token", "NpmDetector"),
    ),
    _token_rule(
        "SEC117", "pypi-token", "PyPI upload token", Severity.HIGH,
        "A PyPI or TestPyPI API token uploads releases of the projects it is scoped to.",
        "Delete the token on PyPI; use Trusted Publishing.",
        "password = pypi-AgEIcHlwaS5vcmcxxxxEXAMPLE",
        "# Trusted Publishing: no token\n- uses: pypa/gh-action-pypi-publish@release/v1",
        ("pypi-upload-token", "PypiTokenDetector"),
        ("https://docs.pypi.org/trusted-publishers/",),
    ),
    _token_rule(
        "SEC118", "twilio-api-key", "Twilio API key", Severity.HIGH,
        "A Twilio API key (SK + 32 hex) sends SMS and places calls billed to the account.",
        "Revoke the API key in Twilio console.",
        '# twilio\nTWILIO_API_KEY = "SKxxxxEXAMPLE"',
        'TWILIO_API_KEY = os.environ["TWILIO_API_KEY"]',
        ("twilio-api-key", "TwilioKeyDetector"),
    ),
    _token_rule(
        "SEC119", "sendgrid-api-key", "SendGrid API key", Severity.HIGH,
        "A SendGrid key (SG.…) sends mail from the account's verified domains: ideal for phishing.",
        "Delete the key in SendGrid.",
        'SENDGRID_API_KEY = "SG.xxxx.EXAMPLE"',
        'SENDGRID_API_KEY = os.environ["SENDGRID_API_KEY"]',
        ("sendgrid-api-token", "SendGridDetector"),
    ),
    _token_rule(
        "SEC120", "azure-storage-account-key", "Azure storage account key or SAS signature", Severity.CRITICAL,
        "A storage account key (AccountKey=) is full control of every blob, queue, table and file "
        "share in the account; a SAS signature grants what its token allows.",
        "Rotate the storage key; use managed identity / SAS from Key Vault.",
        "DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=xxxxEXAMPLE==",
        'conn = os.environ["AZURE_STORAGE_CONNECTION_STRING"]',
        ("AzureStorageKeyDetector",),
    ),
    _token_rule(
        "SEC121", "azure-entra-client-secret", "Azure Entra ID client secret", Severity.HIGH,
        "An Entra ID (Azure AD) application client secret (…Q~…) signs in as the application "
        "with all its API permissions.",
        "Delete the client secret in Entra ID; prefer federated credentials.",
        'AZURE_CLIENT_SECRET = "abc1Q~xxxxEXAMPLE"',
        'AZURE_CLIENT_SECRET = os.environ["AZURE_CLIENT_SECRET"]',
        ("azure-ad-client-secret",),
    ),
    _token_rule(
        "SEC122", "jwt", "JSON Web Token", Severity.MEDIUM,
        "A signed JWT is a bearer credential: until it expires (often never, for service tokens) "
        "it authenticates whoever presents it. Unsigned tokens (alg none) are not reported.",
        "Remove the token; generate it at runtime or in tests.",
        'auth = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJFWEFNUExFIn0.xxxxEXAMPLE"',
        "auth = f\"Bearer {jwt.encode(claims, signing_key, algorithm='HS256')}\"",
        ("jwt", "JwtTokenDetector"),
    ),
    Rule(
        id="SEC123", name="credentials-in-url", title="Password embedded in a URL", severity=Severity.HIGH,
        rationale=(
            "A URL of the form scheme://user:password@host carries a password that ends up in "
            "logs, process lists, error messages and browser history as well as in the "
            "repository. Placeholder passwords and URLs without a password are not reported. "
            + LEAKED
        ),
        fix="Move the password to an environment variable or secret store.",
        bad='DATABASE_URL = "postgres://app:xxxxEXAMPLE@db.internal:5432/app"',
        good='DATABASE_URL = os.environ["DATABASE_URL"]',
        peers=("BasicAuthDetector",), references=(CWE, "CWE-522"),
    ),
    _token_rule(
        "SEC124", "hashicorp-vault-token", "HashiCorp Vault token", Severity.HIGH,
        "A Vault service, batch or recovery token (hvs., hvb., hvr.; legacy s.) reads every "
        "secret its policies allow: one token can unlock many others.",
        "Revoke the token (`vault token revoke`).",
        'VAULT_TOKEN = "hvs.xxxxEXAMPLE"',
        "# vault agent auto-auth writes a short-lived token to a sink file",
        ("vault-service-token", "vault-batch-token"),
    ),
    _token_rule(
        "SEC125", "terraform-cloud-token", "HCP Terraform / Terraform Cloud API token", Severity.HIGH,
        "A Terraform Cloud token (….atlasv1.…) runs plans and applies, and reads state, which "
        "holds every secret Terraform manages.",
        "Revoke the token in HCP Terraform; use `TF_TOKEN_*` env vars.",
        'token = "xxxxxxxxxxxxxx.atlasv1.xxxxEXAMPLE"',
        "# export TF_TOKEN_app_terraform_io in CI secrets",
        ("hashicorp-tf-api-token",),
    ),
    _token_rule(
        "SEC126", "digitalocean-token", "DigitalOcean token", Severity.HIGH,
        "A DigitalOcean personal, OAuth or refresh token (dop_v1_, doo_v1_, dor_v1_) creates and "
        "destroys droplets, volumes and DNS records.",
        "Revoke the token in the DigitalOcean control panel.",
        'DO_TOKEN = "dop_v1_xxxxEXAMPLE"',
        'DO_TOKEN = os.environ["DIGITALOCEAN_TOKEN"]',
        ("digitalocean-pat", "digitalocean-access-token", "digitalocean-refresh-token"),
    ),
    _token_rule(
        "SEC127", "huggingface-token", "Hugging Face token", Severity.MEDIUM,
        "A Hugging Face user or organisation token (hf_, api_org_) reads private models and "
        "datasets and, with write scope, replaces them.",
        "Revoke at huggingface.co/settings/tokens.",
        'HF_TOKEN = "hf_xxxxEXAMPLE"',
        'HF_TOKEN = os.environ["HF_TOKEN"]',
        ("huggingface-access-token", "huggingface-organization-api-token"),
    ),
    _token_rule(
        "SEC128", "databricks-token", "Databricks personal access token", Severity.HIGH,
        "A Databricks PAT (dapi…) runs jobs and queries data with its owner's workspace rights.",
        "Revoke the PAT in the Databricks workspace.",
        'DATABRICKS_TOKEN = "dapixxxxEXAMPLE"',
        'DATABRICKS_TOKEN = os.environ["DATABRICKS_TOKEN"]',
        ("databricks-api-token",),
    ),
    _token_rule(
        "SEC129", "shopify-token", "Shopify token", Severity.HIGH,
        "Shopify admin, custom-app, private-app and shared-secret tokens (shpat_, shpca_, shppa_, "
        "shpss_) read orders and customer data and change the shop.",
        "Rotate the app credentials.",
        'SHOPIFY_TOKEN = "shpat_xxxxEXAMPLE"',
        'SHOPIFY_TOKEN = os.environ["SHOPIFY_TOKEN"]',
        ("shopify-access-token", "shopify-custom-access-token", "shopify-private-app-access-token",
         "shopify-shared-secret"),
    ),
    _token_rule(
        "SEC130", "square-token", "Square access token or OAuth secret", Severity.HIGH,
        "Square access tokens (EAAA…, sq0atp-) and OAuth secrets (sq0csp-) take payments and read "
        "merchant data.",
        "Revoke in the Square developer dashboard.",
        'SQUARE_TOKEN = "EAAAxxxxEXAMPLE"',
        'SQUARE_TOKEN = os.environ["SQUARE_ACCESS_TOKEN"]',
        ("square-access-token", "SquareOAuthDetector"),
    ),
    _token_rule(
        "SEC131", "mailchimp-api-key", "Mailchimp API key", Severity.MEDIUM,
        "A Mailchimp key (32 hex + -usN) exports audiences and sends campaigns as the account.",
        "Revoke the key in Mailchimp.",
        'MAILCHIMP_KEY = "xxxxEXAMPLE-us21"',
        'MAILCHIMP_KEY = os.environ["MAILCHIMP_API_KEY"]',
        ("mailchimp-api-key", "MailchimpDetector"),
    ),
    _token_rule(
        "SEC132", "discord-bot-token", "Discord bot token", Severity.MEDIUM,
        "A Discord bot token logs in as the bot in every server it has joined.",
        "Reset the bot token in the Discord developer portal.",
        '# discord bot\nTOKEN = "MTxxxx.EXAMPLE.xxxx"',
        'TOKEN = os.environ["DISCORD_BOT_TOKEN"]',
        ("DiscordBotTokenDetector", "discord-api-token"),
    ),
    _token_rule(
        "SEC133", "telegram-bot-token", "Telegram bot token", Severity.MEDIUM,
        "A Telegram bot token (digits:AA…) controls the bot: it reads what users send it and "
        "messages them.",
        "Revoke via @BotFather.",
        'TELEGRAM_BOT_TOKEN = "123456789:AAxxxxEXAMPLE"',
        'TELEGRAM_BOT_TOKEN = os.environ["TELEGRAM_BOT_TOKEN"]',
        ("telegram-bot-api-token", "TelegramBotTokenDetector"),
    ),
    _token_rule(
        "SEC134", "other-saas-token", "Token of another SaaS provider", Severity.HIGH,
        "Tokens with a documented shape (a prefix, or a fixed form beside the provider's name) act "
        "as their owner at that provider; the message names which: Pulumi, Postman, Grafana, Sentry, "
        "Doppler, Linear, Dynatrace, 1Password, RubyGems, Brevo, Heroku, New Relic, Perplexity, "
        "Mailgun, Discord webhooks, Artifactory, Okta, Atlassian/Bitbucket, Datadog, Notion, "
        "Cloudflare origin CA, Amazon Bedrock, Stripe webhook secrets, Docker Hub, Supabase, "
        "PlanetScale, Replicate, Groq, xAI, Airtable, Tailscale, Contentful, Google OAuth, Mapbox "
        "secret tokens, Pinecone, Buildkite, Prefect, Netlify, Shippo, Infracost, Octopus Deploy, "
        "Frame.io, Flutterwave, Duffel, EasyPost, Clojars, Alibaba Cloud, Azure DevOps, Fly.io, "
        "LaunchDarkly, Plaid, Braintree, Microsoft Teams webhooks, PagerDuty, and Twilio auth "
        "tokens beside their account SID.",
        "Revoke the token with the provider; load it from a secret store.",
        'PULUMI_ACCESS_TOKEN = "pul-xxxxEXAMPLE"',
        'PULUMI_ACCESS_TOKEN = os.environ["PULUMI_ACCESS_TOKEN"]',
        ("pulumi-api-token", "postman-api-token", "grafana-api-key", "grafana-cloud-api-token",
         "grafana-service-account-token", "sentry-user-token", "sentry-org-token", "doppler-api-token",
         "linear-api-key", "dynatrace-api-token", "1password-service-account-token", "rubygems-api-token",
         "sendinblue-api-token", "heroku-api-key", "heroku-api-key-v2", "new-relic-user-api-key",
         "perplexity-api-key", "mailgun-private-api-token", "artifactory-api-key", "artifactory-reference-token",
         "ArtifactoryDetector", "okta-access-token", "atlassian-api-token", "datadog-access-token",
         "new-relic-insert-key", "notion-api-token", "cloudflare-origin-ca-key",
         "aws-amazon-bedrock-api-key-long-lived", "aws-amazon-bedrock-api-key-short-lived", "planetscale-api-token",
         "planetscale-password", "planetscale-oauth-token", "airtable-personnal-access-token", "mapbox-api-token",
         "prefect-api-token", "netlify-access-token", "shippo-api-token", "infracost-api-token",
         "octopus-deploy-api-key", "frameio-api-token", "flutterwave-secret-key", "duffel-api-token",
         "easypost-api-token", "clojars-api-token", "alibaba-access-key-id", "flyio-access-token",
         "launchdarkly-access-token", "plaid-api-token", "microsoft-teams-webhook"),
    ),
    _token_rule(
        "SEC135", "age-secret-key", "age secret key", Severity.HIGH,
        "An age identity (AGE-SECRET-KEY-1…) decrypts every file encrypted to its recipient, "
        "including SOPS files in the same repository.",
        "Generate a new age identity; re-encrypt.",
        "AGE-SECRET-KEY-1xxxxEXAMPLE",
        "# keep the identity in ~/.config/sops/age/keys.txt or a KMS",
        ("age-secret-key",),
    ),
    Rule(
        id="SEC136", name="kubernetes-secret-manifest", title="Kubernetes Secret with literal data",
        severity=Severity.MEDIUM,
        rationale=(
            "A Secret manifest's data is only base64-encoded, not encrypted: committing it "
            "publishes every value. Templated values ({{ }}, ${}) and SealedSecret / "
            "ExternalSecret resources are not reported."
        ),
        fix="Use SealedSecrets / External Secrets / SOPS instead of raw Secret manifests.",
        bad="kind: Secret\nstringData:\n  password: xxxxEXAMPLE",
        good="kind: ExternalSecret\nspec:\n  secretStoreRef: {name: vault}",
        peers=("kubernetes-secret-yaml",),
        references=(CWE, "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"),
    ),
    Rule(
        id="SEC137", name="terraform-state-file", title="Terraform state file committed",
        severity=Severity.HIGH,
        rationale=(
            "Terraform state (*.tfstate, *.tfstate.backup) stores every attribute of every managed "
            "resource in plain text, including generated passwords, private keys and tokens."
        ),
        fix="Remove it from git, add `*.tfstate*` to .gitignore, use a remote backend.",
        bad="git add terraform.tfstate",
        good='terraform {\n  backend "s3" {}\n}',
        references=(CWE, "CWE-312", "https://developer.hashicorp.com/terraform/language/state/sensitive-data"),
    ),
    Rule(
        id="SEC138", name="credential-file", title="Credential file committed", severity=Severity.HIGH,
        rationale=(
            "Files such as id_rsa, key stores (*.p12, *.jks, *.kdbx), .pgpass, .git-credentials, "
            ".aws/credentials, a .netrc with a password or a Docker config.json with registry auth "
            "exist to hold credentials: committing one leaks all of them. Files in test fixture "
            "directories are reported too; ignore them by path when they are fakes."
        ),
        fix="Delete the file from the commit and rotate what it contains.",
        bad="git add ~/.ssh/id_rsa .aws/credentials",
        good="# .gitignore\nid_rsa\n*.p12\n.aws/",
        peers=("pkcs12-file",), references=(CWE, "CWE-312"),
    ),
    Rule(
        id="SEC139", name="aws-example-key", title="AWS documentation example key", severity=Severity.LOW,
        rationale=(
            "AKIAIOSFODNN7EXAMPLE and its secret (and the AKIAI44QH8DHBEXAMPLE pair) are the keys of "  # pragma: allowlist secret
            "the AWS documentation. They grant nothing, but teams plant them to prove their gate "
            "works (\"a fake key must fail the commit\"), and one in application code or config is "
            "usually a stand-in where a real key was meant to come from elsewhere. Markdown, "
            "reStructuredText and AsciiDoc files and docs/ directories are not reported: tutorials "
            "quote these keys on purpose."
        ),
        fix="Load credentials from the environment or an IAM role; keep the example key in docs only.",
        bad='aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',  # pragma: allowlist secret
        good="# docs/setup.md may quote AKIA… examples; code reads AWS_PROFILE",
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",),
    ),
    Rule(
        id="SEC140", name="generic-secret-assignment", title="Secret-looking value assigned to a secret-looking name",
        severity=Severity.MEDIUM,
        rationale=(
            "A name such as password, api_key or client_secret assigned a literal is most likely a "
            "real credential: under an explicit password name any literal that is not a placeholder, "
            "template, reference or identifier counts, however short or guessable; other names need "
            "a value that looks random. Placeholders, templates and format strings, identifiers, "
            "file paths, URLs, versions, hashes and stopwords are skipped. " + LEAKED
        ),
        fix="Read the value from an environment variable or secret manager.",
        bad='db_password = "EXAMPLE-Pa55w0rd!"',
        good='db_password = os.environ["DB_PASSWORD"]',
        peers=("generic-api-key", "KeywordDetector", "B105", "B106", "B107"),
        references=(CWE, "CWE-259"),
    ),
    Rule(
        id="SEC141", name="high-entropy-string", title="High-entropy string literal", severity=Severity.LOW,
        default=False,
        rationale=(
            "A quoted base64 string with entropy ≥ 4.5 bits/char or a hex string of 32+ characters "
            "may be a secret no pattern knows. Noisy by nature (hashes, test vectors), hence opt-in. "
            "Digests on rev/commit/sha/hash/integrity/checksum lines and UUIDs are skipped."
        ),
        fix="If it is a secret, move it out; otherwise add it to the baseline.",
        bad='signing_key = "xxxxEXAMPLExxxxEXAMPLExxxx"',
        good='signing_key = os.environ["SIGNING_KEY"]',
        peers=("Base64HighEntropyString", "HexHighEntropyString"), references=(CWE,),
    ),
    Rule(
        id="SEC142", name="iac-hardcoded-password", title="Hard-coded password in infrastructure code",
        severity=Severity.HIGH,
        rationale=(
            "A password, client secret or private key written as a string literal in Terraform, "
            "CloudFormation, Ansible or Helm values ends up in the repository, in plan output and in "
            "state. Values from random_password, secret managers, variables and data sources are fine."
        ),
        fix="Generate with `random_password` / read from a secret manager; mark variables `sensitive = true`.",
        bad='resource "aws_db_instance" "db" {\n  password = "EXAMPLE-Pa55w0rd"\n}',
        good='resource "aws_db_instance" "db" {\n  password = random_password.db.result\n}',
        peers=("hashicorp-tf-password", "CKV_SECRET_6", "CKV_AWS_41"),
        references=(CWE, "CWE-259"),
    ),
    Rule(
        id="SEC143", name="cli-inline-credentials", title="Credential on a command line", severity=Severity.HIGH,
        rationale=(
            "curl -u user:pass, an Authorization header, wget/docker --password, mysql -p… and "
            "sshpass -p put the credential in the script, in shell history and in the process list "
            "of the machine that runs it. Variable references ($VAR, ${{ secrets.X }}) are fine."
        ),
        fix="Use `--password-stdin`, a netrc file from a secret, or env vars.",
        bad='curl -u deploy:xxxxEXAMPLE https://api.internal/upload',
        good='curl --netrc-file "$NETRC" https://api.internal/upload',
        peers=("curl-auth-header", "curl-auth-user"), references=(CWE, "CWE-214"),
    ),
    Rule(
        id="SEC144", name="encoded-secret", title="Base64-encoded provider token or private key",
        severity=Severity.HIGH,
        rationale=(
            "A token or a private key encoded as base64 (`base64 -w0 key.pem` in an env var, a "
            "kubeconfig's client-key-data, a value in a Kubernetes Secret's data) is as usable as the "
            "plain one: decoding is not protection. Each padded base64 run of 32+ characters that "
            "decodes to printable text is decoded once (up to 16 KiB) and scanned with the provider "
            "rules and the private-key rule; the message names what is inside. " + LEAKED
        ),
        fix="Remove the encoded value; store the secret in a secret manager and mount or inject it.",
        bad='JWT_KEY_B64 = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2…"  # base64 of a PEM key',
        good='JWT_KEY_B64 = os.environ["JWT_KEY_B64"]',
        peers=("jwt-base64",), references=(CWE,),
    ),
    Rule(
        id="SEC145", name="password-hash", title="Password hash of an account committed",
        severity=Severity.MEDIUM,
        rationale=(
            "Hashes from .htpasswd, /etc/shadow-style files and SQL dumps (bcrypt, md5/sha-crypt, "
            "apr1, yescrypt, argon2, {SHA}/{SSHA}, Django pbkdf2) are offline-crackable: weak or reused "
            "passwords fall in minutes, and an .htpasswd hash is accepted as it is by the server "
            "that owns it. Reported on `user:HASH` lines and quoted in SQL INSERT/COPY rows; locked "
            "accounts (`*`, `!`) without a hash are not. " + LEAKED
        ),
        fix="Remove the file or dump from the repository; reset the affected passwords.",
        bad="admin:$apr1$xxxxEXAMPLE$xxxxxxxxxxxxxxxxxxxxxx",
        good="# .htpasswd is generated at deploy time from the secret store",
        peers=(), references=(CWE, "CWE-916"),
    ),
    Rule(
        id="SEC146", name="credential-file-content", title="Secret in a credential file format",
        severity=Severity.HIGH,
        rationale=(
            "Files whose format exists to hold credentials are read by their format, not by name "
            "heuristics: .netrc `password`, .npmrc `_auth`/`_password`, .pypirc `password`, .s3cfg "
            "and .boto secrets, Docker `auth` (.dockercfg, config.json: base64 of user:password), "
            "WordPress wp-config.php DB_PASSWORD and keys/salts, SFTP/FTP client configs "
            "(sftp-config.json, .ftpconfig, .remote-sync.json, FileZilla sitemanager.xml/"
            "recentservers.xml, Navicat .ncx) and the Rails master.key. Any value that is not empty, "
            "a placeholder or a template is reported, however weak. " + LEAKED
        ),
        fix="Remove the file from the commit (add it to .gitignore) and rotate what it holds.",
        bad="define( 'DB_PASSWORD', 'xxxxEXAMPLE' );",
        good="define( 'DB_PASSWORD', getenv( 'WORDPRESS_DB_PASSWORD' ) );",
        peers=("nuget-config-password",), references=(CWE, "CWE-260"),
    ),
    Rule(
        id="SEC147", name="custom-rule", title="A secret matched by a rule in the configuration",
        severity=Severity.HIGH,
        rationale=(
            "A team knows the shape of its own tokens (an internal API, a vendor no public rule "
            "set covers). `[[tool.sechooks.sec.rules]]` adds a rule with an id, a regex (the "
            "`secret` group, or the whole match), optional keywords that must occur in the file, "
            "a severity (the finding's) and a least entropy. Each regex is checked when the "
            "configuration loads: one that could take more than linear time on a hostile file "
            "(a backreference, a quantifier inside a repeated group) or that matches the empty "
            "string is a configuration error (exit 2), never a slow commit. Findings name the "
            "rule's id and mask the secret as every other rule does. " + LEAKED
        ),
        fix="Remove the secret and rotate it; read it from the environment or a secret manager.",
        bad='[[tool.sechooks.sec.rules]]\nid = "acme-deploy-token"\nregex = \'acme_(?P<secret>[a-z0-9]{32})\'\nkeywords = ["acme_"]',
        good="# the token read at run time: os.environ[\"ACME_TOKEN\"]",
        references=(CWE,), since="0.2.0",
    ),
)

def _custom_rules_problem(value: object) -> str | None:
    from sechooks.engines.custom_rules import rules_problem  # only when a configuration has rules

    return rules_problem(value)


OPTIONS = {
    "max_file_bytes": Option(
        default=2 * 1024 * 1024,
        help="Files larger than this many bytes are scanned in overlapping windows instead of whole (never skipped).",
        kind=int,
        validate=lambda v: None if v > 0 else "must be a positive number of bytes",
    ),
    "rules": Option(
        default=(),
        help=(
            "Your own secret rules: [[tool.sechooks.sec.rules]] tables with id, regex, and optional "
            "keywords, severity, entropy, description (reported as SEC147; see docs/secrets.md)."
        ),
        kind=list,
        validate=_custom_rules_problem,
    ),
    "stopwords": Option(
        default=(),
        help="Extra words: a SEC140 value containing one (case-insensitive) is not reported.",
        kind=list,
        item=str,
    ),
}
