"""DKR2nn: Dockerfile hardening rules (semantics: docs/dockerfile.md)."""
from __future__ import annotations

from sechooks.core.catalogue import Option, Rule, reserved_rule
from sechooks.core.finding import Severity
from sechooks.engines.images import NONROOT_IMAGES

RULES = (
    reserved_rule("DKR", "200", "A Dockerfile or one of its instructions"),
    Rule(
        id="DKR201",
        name="final-user-root",
        title="The final stage runs as root",
        severity=Severity.HIGH,
        rationale=(
            "The last USER of the shipped stage chain is root (or UID 0). A process that "
            "runs as root inside the container turns any code-execution bug into root on "
            "the container, and one kernel or runtime escape away from root on the host. "
            "Only the stages that ship matter: a builder stage may run as root."
        ),
        fix="Add a non-root user (e.g. RUN useradd -u 10001 app) and end the final stage with USER 10001.",
        bad="FROM python:3.12-slim\nUSER root\nCMD [\"python\", \"app.py\"]",
        good="FROM python:3.12-slim\nRUN useradd --uid 10001 app\nUSER 10001\nCMD [\"python\", \"app.py\"]",
        peers=("DL3002", "CKV_DOCKER_8", "DS-0002", "AVD-DS-0002"),
        references=("CWE-250", "CIS Docker Benchmark 4.1", "https://docs.docker.com/reference/dockerfile/#user"),
    ),
    Rule(
        id="DKR202",
        name="final-user-unset",
        title="The final stage never sets USER",
        severity=Severity.MEDIUM,
        rationale=(
            "No USER instruction appears anywhere in the shipped stage chain, so the "
            "container runs as whatever user the base image chose, which is root for "
            "almost every general-purpose image and always for FROM scratch. Images known "
            "to default to a non-root user (dkr.nonroot_base_images) are exempt. When only "
            "the tag or digest depends on a build arg (FROM debian:${V}), the written "
            "repository decides: the rule applies unless some tag of it may be non-root "
            "(a dkr.nonroot_base_images glob matches its name); an unknown repository "
            "(FROM ${BASE}) is not judged."
        ),
        fix="End the final stage with a numeric non-root USER.",
        bad="FROM node:22-alpine\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]",
        good="FROM node:22-alpine\nCOPY . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]",
        peers=("CKV_DOCKER_3", "DS-0002", "AVD-DS-0002"),
        references=("CWE-250", "CIS Docker Benchmark 4.1"),
    ),
    Rule(
        id="DKR203",
        name="base-image-untagged",
        title="A base image has neither tag nor digest",
        severity=Severity.MEDIUM,
        rationale=(
            "An image reference with no tag and no digest silently means :latest: every "
            "build may pull a different image, so builds are not reproducible and a "
            "compromised or broken upstream push lands without review. Builder stages are "
            "supply-chain inputs too, so every stage is checked."
        ),
        fix="Pin the base image to a release tag, ideally with @sha256 digest.",
        bad="FROM ubuntu\nRUN apt-get update",
        good="FROM ubuntu:24.04\nRUN apt-get update",
        peers=("DL3006", "CKV_DOCKER_7", "DS-0001", "AVD-DS-0001"),
        references=("CWE-1357", "CIS Docker Benchmark 4.2", "https://docs.docker.com/build/building/best-practices/#from"),
    ),
    Rule(
        id="DKR204",
        name="base-image-latest",
        title="A base image uses the :latest tag",
        severity=Severity.MEDIUM,
        rationale=(
            ":latest is a moving tag: the same Dockerfile builds a different image "
            "tomorrow, and a rebuild for a one-line fix can pull in a new major version or "
            "a compromised image. A digest after the tag pins it and is accepted."
        ),
        fix="Replace :latest with a specific version tag (and digest).",
        bad="FROM nginx:latest",
        good="FROM nginx:1.27.3",
        peers=("DL3007", "CKV_DOCKER_7", "DS-0001", "AVD-DS-0001"),
        references=("CWE-1357", "CIS Docker Benchmark 4.2"),
    ),
    Rule(
        id="DKR205",
        name="base-image-not-digest-pinned",
        title="A base image is not pinned by digest",
        severity=Severity.LOW,
        default=False,
        rationale=(
            "Tags are mutable: a registry owner (or an attacker with push rights) can "
            "repoint python:3.12 to other content. Only an @sha256 digest names immutable "
            "content. Opt-in because digests need a bot (Renovate, Dependabot) to stay fresh."
        ),
        fix="Append @sha256:<digest> (keep the tag for readability).",
        bad="FROM python:3.12-slim",
        good="FROM python:3.12-slim@sha256:" + "0" * 64,
        references=("CWE-1357", "https://docs.docker.com/reference/dockerfile/#from"),
    ),
    Rule(
        id="DKR206",
        name="healthcheck-missing",
        title="The shipped image has no HEALTHCHECK",
        severity=Severity.LOW,
        rationale=(
            "Without a HEALTHCHECK, Docker and Swarm only know whether the process exists, "
            "not whether it serves: a hung or half-started container keeps receiving "
            "traffic. HEALTHCHECK NONE is an explicit opt-out (for images whose "
            "orchestrator probes them) and counts as present. Data-only images built FROM "
            "scratch with no CMD or ENTRYPOINT are exempt."
        ),
        fix="Add HEALTHCHECK CMD <probe> (or HEALTHCHECK NONE if the orchestrator probes).",
        bad="FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/",
        good="FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1",
        peers=("DL3057", "CKV_DOCKER_2", "DS-0026", "AVD-DS-0026"),
        references=("CIS Docker Benchmark 4.6", "https://docs.docker.com/reference/dockerfile/#healthcheck"),
    ),
    Rule(
        id="DKR207",
        name="secret-literal-in-env-or-arg",
        title="A secret is written into ENV or an ARG default",
        severity=Severity.HIGH,
        rationale=(
            "ENV values are stored in the image config and shown by docker inspect; ARG "
            "defaults are recorded in docker history. Anyone who can pull the image (or "
            "read the repository) gets the credential, and it outlives any later "
            "rotation of the Dockerfile. Names come from dkr.secret_env_names plus the "
            "generic secret-name classification; placeholders and ${VAR} references are "
            "not reported. A value may contain spaces (ENV DB_PASSWORD=\"this is it\"). A "
            "name that is only …_KEY (CTF_KEY, APP_KEY) counts when its value can be nothing "
            "but a key: 12+ characters, no spaces, three of lower case, upper case, digits "
            "and symbols (so GPG_KEY fingerprints and APP_KEY=production are not reported)."
        ),
        fix="Use RUN --mount=type=secret,id=… or inject at runtime; never bake secrets into ENV/ARG.",
        bad="FROM node:22-slim\nENV NPM_TOKEN=npm_" + "x" * 36,
        good="FROM node:22-slim\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci",
        peers=("DL3064", "DS-0031", "AVD-DS-0031"),
        references=("CWE-798", "CIS Docker Benchmark 4.10", "https://docs.docker.com/build/building/secrets/"),
    ),
    Rule(
        id="DKR208",
        name="secret-via-build-arg",
        title="A secret is passed as a build argument",
        severity=Severity.MEDIUM,
        rationale=(
            "A build argument with a secret-like name and no default is meant to be filled "
            "with --build-arg at build time. Its value is recorded in the image history of "
            "every layer that uses it, so the secret ships with the image. Only the stages "
            "that ship matter; a RUN that reads the value from a secret mount is fine."
        ),
        fix="Pass the secret with --secret and RUN --mount=type=secret instead of --build-arg.",
        bad="FROM python:3.12-slim\nARG PYPI_TOKEN\nRUN pip install --index-url https://__token__:$PYPI_TOKEN@pypi.example.com/simple app",
        good="FROM python:3.12-slim\nRUN --mount=type=secret,id=pypi,env=PIP_INDEX_URL pip install app",
        peers=("DL3064", "DS-0031", "AVD-DS-0031"),
        references=("CWE-532", "CWE-214", "https://docs.docker.com/build/building/secrets/"),
    ),
    Rule(
        id="DKR209",
        name="sensitive-file-copied",
        title="A key, credential or .env file is copied into the image",
        severity=Severity.HIGH,
        rationale=(
            "COPY and ADD put files into a layer for good: deleting them in a later layer "
            "does not remove them from the image. Private keys, .env files, registry and "
            "cloud credentials, Terraform state and .git directories all end up readable "
            "by anyone who pulls the image. A glob source counts when it can match such a "
            "name as such (id_*, .env.*, *.pem); a leading * stands for a name (*.env copies "
            "meta.env, not .env) and a glob for a whole kind of file (*.json) counts only if "
            "the kind is sensitive (*.key, *.p12)."
        ),
        fix="Mount the file at build (--mount=type=secret) or at runtime; add it to .dockerignore.",
        bad="FROM alpine:3.20\nCOPY .env /app/.env\nCOPY id_rsa /root/.ssh/id_rsa",
        good="FROM alpine:3.20\nCOPY .env.example /app/.env.example\nRUN --mount=type=ssh git clone git@github.com:org/repo.git",
        peers=("DS-0031", "AVD-DS-0031"),
        references=("CWE-538", "CIS Docker Benchmark 4.10", "https://docs.docker.com/build/concepts/context/#dockerignore-files"),
    ),
    Rule(
        id="DKR210",
        name="add-remote-url-unverified",
        title="ADD downloads a remote file without a checksum",
        severity=Severity.MEDIUM,
        rationale=(
            "ADD with a URL or git repository fetches whatever the server returns at build "
            "time. Without --checksum nothing detects a compromised or changed download, "
            "and the file lands in the image unreviewed."
        ),
        fix="Use ADD --checksum=sha256:… or curl + sha256sum -c in RUN.",
        bad="FROM alpine:3.20\nADD https://example.com/tool.tar.gz /opt/",
        good="FROM alpine:3.20\nADD --checksum=sha256:" + "0" * 64 + " https://example.com/tool.tar.gz /opt/",
        peers=("DL3020", "CKV_DOCKER_4", "DS-0005", "AVD-DS-0005"),
        references=("CWE-494", "https://docs.docker.com/reference/dockerfile/#add---checksum"),
    ),
    Rule(
        id="DKR211",
        name="add-instead-of-copy",
        title="ADD is used for plain local files",
        severity=Severity.LOW,
        rationale=(
            "ADD has implicit behaviour COPY lacks: it unpacks archives and fetches URLs. "
            "For plain local files that magic is a surprise waiting to happen (a renamed "
            "file that becomes an archive is silently extracted); COPY says what it does."
        ),
        fix="Use COPY for local files; ADD only to auto-extract archives.",
        bad="FROM alpine:3.20\nADD app.py /app/",
        good="FROM alpine:3.20\nCOPY app.py /app/\nADD rootfs.tar.gz /",
        peers=("DL3020", "CKV_DOCKER_4", "DS-0005", "AVD-DS-0005"),
        references=("CIS Docker Benchmark 4.9", "https://docs.docker.com/build/building/best-practices/#add-or-copy"),
    ),
    Rule(
        id="DKR212",
        name="remote-script-piped-to-shell",
        title="A downloaded script is piped straight into a shell",
        severity=Severity.MEDIUM,
        rationale=(
            "curl … | sh runs whatever the server (or anyone on the path to it) sends, "
            "with the build's root privileges, and leaves no copy to review. A truncated "
            "download can even execute half a script."
        ),
        fix="Download to a file, verify its checksum/signature, then execute it.",
        bad="FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | sh",
        good=(
            "FROM debian:12-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n"
            " && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - && sh /tmp/install.sh"
        ),
        peers=(),
        references=("CWE-494", "CWE-829"),
    ),
    Rule(
        id="DKR213",
        name="sudo-in-run",
        title="RUN uses sudo",
        severity=Severity.MEDIUM,
        rationale=(
            "Build steps already run as root unless USER says otherwise, so sudo adds "
            "nothing at build time; shipping sudo (and a sudoers entry) in the image gives "
            "any process that compromises the app user a way back to root, with "
            "unpredictable TTY and signal behaviour on top."
        ),
        fix="Drop sudo (builds already run as root); use gosu/su-exec for runtime switching.",
        bad="FROM ubuntu:24.04\nRUN sudo apt-get update",
        good="FROM ubuntu:24.04\nUSER root\nRUN apt-get update\nUSER app",
        peers=("DL3004", "CKV2_DOCKER_1", "DS-0010", "AVD-DS-0010"),
        references=("CWE-250", "https://docs.docker.com/build/building/best-practices/#user"),
    ),
    Rule(
        id="DKR214",
        name="tls-verification-disabled",
        title="TLS certificate verification is turned off",
        severity=Severity.HIGH,
        rationale=(
            "curl -k, wget --no-check-certificate, pip --trusted-host, strict-ssl false, "
            "GIT_SSL_NO_VERIFY and friends accept any certificate, so anyone on the network "
            "path can substitute packages or scripts during the build; ENV forms keep the "
            "setting active in the running container as well."
        ),
        fix="Keep certificate verification on; install the needed CA into the image instead.",
        bad="FROM python:3.12-slim\nRUN pip install --trusted-host pypi.example.com app==1.2.0",
        good="FROM python:3.12-slim\nCOPY corp-ca.pem /usr/local/share/ca-certificates/corp-ca.crt\nRUN update-ca-certificates && pip install app==1.2.0",
        peers=tuple(f"CKV2_DOCKER_{n}" for n in (2, 3, 4, 5, 6, 12, 13, 14, 15, 16)),
        references=("CWE-295", "https://curl.se/docs/sslcerts.html"),
    ),
    Rule(
        id="DKR215",
        name="package-signature-check-disabled",
        title="Package signature verification is turned off",
        severity=Severity.HIGH,
        rationale=(
            "Package managers verify repository signatures so that a mirror or a network "
            "attacker cannot slip in modified packages. --allow-unauthenticated, "
            "--allow-untrusted, --nogpgcheck, gpgcheck=0 and [trusted=yes] switch that "
            "protection off for everything installed."
        ),
        fix="Import the vendor's signing key instead of disabling verification.",
        bad="FROM debian:12-slim\nRUN apt-get install -y --allow-unauthenticated vendor-tool",
        good=(
            "FROM debian:12-slim\nCOPY vendor.gpg /etc/apt/keyrings/vendor.gpg\n"
            "RUN apt-get update && apt-get install -y vendor-tool"
        ),
        peers=tuple(f"CKV2_DOCKER_{n}" for n in (7, 8, 9, 10, 11)),
        references=("CWE-347", "CIS Docker Benchmark 4.11"),
    ),
    Rule(
        id="DKR216",
        name="ssh-port-exposed",
        title="The image exposes SSH or installs an SSH server",
        severity=Severity.MEDIUM,
        rationale=(
            "An SSH daemon in a container is another network service with credentials to "
            "manage and patch, and a way around the orchestrator's access control and "
            "audit. docker exec and kubectl exec already give operators a shell."
        ),
        fix="Don't run sshd in containers; use docker exec / kubectl exec.",
        bad="FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y openssh-server\nEXPOSE 22",
        good="FROM ubuntu:24.04\nEXPOSE 8080",
        peers=("CKV_DOCKER_1", "DS-0004", "AVD-DS-0004", "DL3001"),
        references=("CIS Docker Benchmark 5.6", "CWE-284"),
    ),
    Rule(
        id="DKR217",
        name="world-writable-permissions",
        title="chmod makes files world-writable",
        severity=Severity.MEDIUM,
        rationale=(
            "A world-writable file or directory lets any user in the container (or any "
            "process running under another UID) replace code or configuration that the "
            "application trusts. The sticky 1777 on /tmp and /var/tmp is the one "
            "standard exception."
        ),
        fix="Grant write access to the owning user/group only (e.g. chown app && chmod 750).",
        bad="FROM alpine:3.20\nRUN chmod -R 777 /app",
        good="FROM alpine:3.20\nRUN chown -R app:app /app && chmod -R 750 /app",
        peers=(),
        references=("CWE-732", "CWE-276"),
    ),
    Rule(
        id="DKR218",
        name="credentials-configured-in-run",
        title="RUN writes credentials into an image layer",
        severity=Severity.HIGH,
        rationale=(
            "aws configure set, docker login -p, npm config set …:_authToken, "
            "credential.helper store, chpasswd and echoes into ~/.netrc all store a "
            "credential in a file of the layer, where it stays even if a later step "
            "deletes it. BuildKit secret mounts expose the value to one RUN only."
        ),
        fix="Use BuildKit secret mounts and keep credentials out of layers.",
        bad="FROM node:22-slim\nRUN npm config set //registry.npmjs.org/:_authToken ${NPM_TOKEN} && npm ci",
        good="FROM node:22-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci",
        peers=("DS-0031", "AVD-DS-0031", "CKV2_DOCKER_17"),
        references=("CWE-522", "CWE-798", "https://docs.docker.com/build/building/secrets/"),
    ),
    Rule(
        id="DKR219",
        name="insecure-run-entitlement",
        title="RUN asks for an insecure build entitlement",
        severity=Severity.MEDIUM,
        rationale=(
            "RUN --security=insecure runs the step in a privileged container (it needs "
            "the security.insecure entitlement), so a compromised build step owns the "
            "build host. --network=host (reported at low severity) shares the host's "
            "network namespace with the step."
        ),
        fix="Remove --security=insecure / --network=host.",
        bad="FROM alpine:3.20\nRUN --security=insecure mount -t tmpfs none /mnt",
        good="FROM alpine:3.20\nRUN --network=none make test",
        peers=(),
        references=("CWE-250", "https://docs.docker.com/reference/dockerfile/#run---security"),
    ),
    Rule(
        id="DKR220",
        name="pipefail-missing",
        title="A piped RUN does not fail when an early command fails",
        severity=Severity.LOW,
        rationale=(
            "A shell pipeline's status is that of its last command: in "
            "curl … | tar -x a failed download still passes the step and the build goes on "
            "with a broken or missing file. Docker's default /bin/sh -c has no pipefail. "
            "SHELL is part of the image config, so a SHELL set in a parent stage counts. "
            "A pipe is an unquoted | between commands, or one inside $(…) or `…` whose value "
            "is assigned (v=$(curl … | jq …): the assignment's status is the pipeline's). "
            "Not pipes: || (an or-list), | inside quotes, the | between case patterns "
            "(x86_64|aarch64) …), and a pipe in a substitution used as an argument "
            "(echo $(a | b): its status is lost with or without pipefail)."
        ),
        fix='Add SHELL ["/bin/bash", "-o", "pipefail", "-c"] before RUN with pipes.',
        bad="FROM debian:12-slim\nRUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt",
        good=(
            'FROM debian:12-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
            "RUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt"
        ),
        peers=("DL4006",),
        references=("https://www.gnu.org/software/bash/manual/bash.html#Pipelines",),
    ),
    Rule(
        id="DKR221",
        name="unpinned-package-install",
        title="Packages are installed without a version",
        severity=Severity.LOW,
        default=False,
        rationale=(
            "apt-get install curl installs whatever version the mirror has today, so two "
            "builds of the same commit differ and a compromised or breaking release lands "
            "without review. Opt-in: pinning OS packages needs a bot to stay current."
        ),
        fix="Pin package versions for reproducible, reviewable builds.",
        bad="FROM python:3.12-slim\nRUN pip install requests",
        good="FROM python:3.12-slim\nRUN pip install requests==2.32.3",
        peers=("DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3037", "DL3041", "DL3062"),
        references=("CWE-1357", "CIS Docker Benchmark 4.3"),
    ),
    Rule(
        id="DKR222",
        name="whole-context-copied-without-dockerignore",
        title="The whole build context is copied and there is no .dockerignore",
        severity=Severity.LOW,
        default=False,
        rationale=(
            "COPY . copies everything in the build context: .git, .env files, local keys, "
            "build output. Without a .dockerignore next to the Dockerfile nothing keeps "
            "them out of the image. Opt-in because it looks at the working tree."
        ),
        fix="Add a .dockerignore excluding .git, .env*, keys and build output.",
        bad="FROM node:22-slim\nCOPY . /app",
        good="# with a .dockerignore next to the Dockerfile\nFROM node:22-slim\nCOPY . /app",
        peers=(),
        references=("CWE-538", "https://docs.docker.com/build/concepts/context/#dockerignore-files"),
    ),
)


SECRET_ENV_NAMES = (
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET",
    "GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "NPM_TOKEN", "NPM_AUTH_TOKEN", "PYPI_TOKEN",
    "DOCKER_PASSWORD", "DOCKERHUB_PASSWORD", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "HF_TOKEN",
    "VAULT_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN", "HEROKU_API_KEY", "SLACK_TOKEN", "STRIPE_API_KEY",
    "POSTGRES_PASSWORD", "MYSQL_ROOT_PASSWORD", "CI_DEPLOY_PASSWORD",
)
# one list, kept with the image judgement the Kubernetes and compose hooks share
NONROOT_BASE_IMAGES = NONROOT_IMAGES

OPTIONS = {
    "nonroot_base_images": Option(
        default=NONROOT_BASE_IMAGES,
        help=(
            "Globs of base images that already run as a non-root user (DKR202 skips them). "
            "Entries you list are added to the defaults; cgr.dev/chainguard tags containing "
            "-dev never match."
        ),
        kind=list,
        item=str,
    ),
    "secret_env_names": Option(
        default=SECRET_ENV_NAMES,
        help=(
            "Exact ENV/ARG names that always hold secrets (DKR207, DKR208), also with a "
            "VITE_/REACT_APP_/NEXT_PUBLIC_ prefix. Entries you list are added to the defaults."
        ),
        kind=list,
        item=str,
    ),
    "target_stage": Option(
        default="",
        help="Stage name treated as the shipped one instead of the last FROM (like docker build --target).",
    ),
}
