"""Bench of sechooks-cloudformation (issue #20): a 10-file commit of CloudFormation/SAM
templates (YAML and JSON) with planted problems and decoys, timed in interleaved rounds
against `python -c pass`; checkov's cloudformation framework and cfn-lint are run on the
same tree and scored on the same plants when installed.

    python bench/cloudformation_bench.py [--rounds 15] [--peer-rounds 3] [--keep DIR]

Writes bench/cloudformation_bench.json and prints a table. Peers are looked up in
$SECHOOKS_BENCH_PATH, /tmp/ckv/bin (checkov), /tmp/cfnl/bin (cfn-lint), next to this
interpreter, then on PATH. checkov runs offline (--skip-download, BC_SKIP_MAPPING).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))


class Plant(NamedTuple):
    path: str
    line: int
    category: str


# category -> ids that count as finding it, per tool. checkov: its cloudformation checks for the
# same problem; cfn-lint: its rules (it validates syntax and best practice, few security rules).
CATEGORIES = {
    "ssh-open": {"sechooks": {"NET301"}, "checkov": {"CKV_AWS_24"}, "cfn-lint": set()},
    "rdp-open": {"sechooks": {"NET302"}, "checkov": {"CKV_AWS_25"}, "cfn-lint": set()},
    "all-traffic-open": {"sechooks": {"NET303"}, "checkov": {"CKV_AWS_277", "CKV_AWS_260"}, "cfn-lint": set()},
    "data-port-open": {"sechooks": {"NET304"}, "checkov": set(), "cfn-lint": set()},
    "nacl-open": {"sechooks": {"NET310"}, "checkov": {"CKV_AWS_229", "CKV_AWS_230", "CKV_AWS_231", "CKV_AWS_232"}, "cfn-lint": set()},
    "eks-public": {"sechooks": {"NET311"}, "checkov": {"CKV_AWS_38", "CKV_AWS_39"}, "cfn-lint": set()},
    "full-admin": {"sechooks": {"IAM401"}, "checkov": {"CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111"}, "cfn-lint": set()},
    "admin-attached": {"sechooks": {"IAM417"}, "checkov": {"CKV_AWS_274"}, "cfn-lint": set()},
    "public-principal": {"sechooks": {"IAM408"}, "checkov": {"CKV_AWS_60", "CKV_AWS_70", "CKV_AWS_33"}, "cfn-lint": set()},
    "passrole": {"sechooks": {"IAM410"}, "checkov": {"CKV_AWS_286", "CKV_AWS_110"}, "cfn-lint": set()},
    "public-lambda": {"sechooks": {"IAM419"}, "checkov": {"CKV_AWS_301"}, "cfn-lint": set()},
    "secret-default": {"sechooks": {"CFN901"}, "checkov": set(), "cfn-lint": set()},
    "secret-property": {"sechooks": {"CFN902"}, "checkov": {"CKV_AWS_41", "CKV_SECRET_6"}, "cfn-lint": {"W2501", "W1011"}},
}
DECOYS = ("decoy-network.yaml", "decoy-iam.json", "decoy-secrets.yaml")
HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n'


def _sg(name: str, rules: str) -> str:
    return f"  {name}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: {name}\n      SecurityGroupIngress:\n{rules}"


def files() -> dict[str, str]:
    """The 10 templates; a line marked `# plant: CATEGORY` is a planted problem (JSON files carry
    their plants in PLANTS_JSON)."""
    out = {}
    out["ec2-ssh.yaml"] = (HEAD + "Parameters:\n  SSHLocation:\n    Type: String\n    Default: 0.0.0.0/0\n"
                           "Resources:\n" + _sg("InstanceSG", "        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n"
                                                "          CidrIp: !Ref SSHLocation  # plant: ssh-open\n"))
    out["web-tier.yaml"] = (HEAD + "Conditions:\n  IsProd: !Equals [!Ref 'AWS::StackName', prod]\nResources:\n" + _sg(
        "WebSG", "        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}\n"
        "        - IpProtocol: tcp\n          FromPort: 3389\n          ToPort: 3389\n"
        "          CidrIp: !If [IsProd, 10.0.0.0/8, 0.0.0.0/0]  # plant: rdp-open\n"
        "        - {IpProtocol: '-1', CidrIpv6: '::/0'}  # plant: all-traffic-open\n"))
    out["data.yaml"] = (HEAD + "Mappings:\n  Env:\n    prod: {Cidr: 0.0.0.0/0}\nResources:\n" + _sg(
        "DbSG", "        - IpProtocol: tcp\n          FromPort: 5432\n          ToPort: 5432\n"
        "          CidrIp: !FindInMap [Env, prod, Cidr]  # plant: data-port-open\n")
        + "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      MasterUsername: app\n"
        "      MasterUserPassword: Xk9vQ2mL7pWz4R  # plant: secret-property\n")
    out["network.yaml"] = (HEAD + "Resources:\n  Acl:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n"
                           "      NetworkAclId: acl-1\n      RuleNumber: 100\n      Protocol: -1\n      RuleAction: allow\n"
                           "      CidrBlock: 0.0.0.0/0  # plant: nacl-open\n"
                           "  Cluster:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: arn:aws:iam::123456789012:role/eks\n"
                           "      ResourcesVpcConfig:  # plant: eks-public\n        SubnetIds: [subnet-1]\n")
    out["iam.yaml"] = (HEAD + "Resources:\n  AdminRole:\n    Type: AWS::IAM::Role\n    Properties:\n"
                       "      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow  # plant: public-principal\n"
                       "            Principal: {AWS: '*'}\n            Action: sts:AssumeRole\n"
                       "      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AdministratorAccess  # plant: admin-attached\n"
                       "  Deployer:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n"
                       "          - Effect: Allow  # plant: passrole\n            Action: iam:PassRole\n            Resource: '*'\n")
    out["sam-app.yaml"] = ("Transform: AWS::Serverless-2016-10-31\nParameters:\n  ApiToken:\n    Type: String\n"
                           "    Default: ghp_R8mQ2xLk7vTz9Wp4Nc6Hb3Jd5Fs1Ga0Ye8Ku  # plant: secret-default\nResources:\n"  # pragma: allowlist secret
                           "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n"
                           "      Runtime: python3.12\n      CodeUri: src/\n      Policies:\n"
                           "        - AdministratorAccess  # plant: admin-attached\n"
                           "        - Statement:\n            - Effect: Allow  # plant: full-admin\n              Action: !Sub '*'\n"
                           "              Resource: '*'\n"
                           "  Invoke:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n"
                           "      Action: lambda:InvokeFunction\n      Principal: '*'  # plant: public-lambda\n")
    out["bucket-policy.json"] = json.dumps({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Policy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "b", "PolicyDocument": {
            "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                           "Resource": {"Fn::Sub": "arn:aws:s3:::${AWS::StackName}/*"}}]}}}}}, indent=2) + "\n"
    # decoys: look like the plants, are fine
    out["decoy-network.yaml"] = (HEAD + "Parameters:\n  OfficeCidr:\n    Type: String\n    Default: 203.0.113.0/24\n"
                                 "  AdminCidr:\n    Type: String\nResources:\n" + _sg(
                                     "Bastion", "        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref OfficeCidr}\n"
                                     "        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AdminCidr}\n"
                                     "        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}\n"
                                     "        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: sg-1}\n"
                                     "        - {IpProtocol: icmp, FromPort: -1, ToPort: -1, CidrIp: 10.0.0.0/8}\n")
                                 + "  Private:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: arn:aws:iam::123456789012:role/eks\n"
                                 "      ResourcesVpcConfig:\n        SubnetIds: [subnet-1]\n        EndpointPublicAccess: false\n"
                                 "        EndpointPrivateAccess: true\n")
    out["decoy-iam.json"] = json.dumps({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                            "Action": "sts:AssumeRole"}]},
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
                "Policies": [{"PolicyName": "read", "PolicyDocument": {"Statement": [
                    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": {"Fn::Sub": "arn:aws:s3:::${AWS::StackName}-data/*"}}]}}]}},
            "Perm": {"Type": "AWS::Lambda::Permission", "Properties": {
                "FunctionName": "f", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com",
                "SourceArn": "arn:aws:s3:::bucket", "SourceAccount": {"Ref": "AWS::AccountId"}}}}}, indent=2) + "\n"
    out["decoy-secrets.yaml"] = (HEAD + "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\nResources:\n"
                                 "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n"
                                 "      MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'\n"
                                 "  Db2:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: !Ref DbPassword\n"
                                 "  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      GenerateSecretString:\n"
                                 "        SecretStringTemplate: '{\"username\": \"app\"}'\n        GenerateStringKey: password\n")  # pragma: allowlist secret
    return out


def plants(tree: dict[str, str]) -> list[Plant]:
    found = []
    for name, text in tree.items():
        for number, line in enumerate(text.split("\n"), 1):
            if "# plant: " in line:
                found.append(Plant(name, number, line.split("# plant: ", 1)[1].strip()))
    policy = tree["bucket-policy.json"].split("\n")
    statement = next(i for i, ln in enumerate(policy, 1) if '"Statement"' in ln) + 1  # the statement's `{`
    found.append(Plant("bucket-policy.json", statement, "public-principal"))
    return found


def write_tree(folder: str, tree: dict[str, str]) -> None:
    for name, text in tree.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
    subprocess.run(["git", "init", "-q", folder], check=True)


def executable(name: str, extra: tuple[str, ...] = ()) -> str | None:
    dirs = [d for d in os.environ.get("SECHOOKS_BENCH_PATH", "").split(os.pathsep) if d]
    for folder in [*dirs, *extra, os.path.dirname(sys.executable)]:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which(name)


CPU: dict[str, list[float]] = {}


def timed(cmd: list[str], cwd: str, label: str = "") -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall-clock ms of one run; its CPU ms kept in CPU under `label`."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1", "BC_SKIP_MAPPING": "TRUE"})
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if label:
        CPU.setdefault(label, []).append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return wall, done


def sechooks_hits(stdout: str) -> list[tuple[str, str, int, int]]:
    return [(f["rule"], f["path"], f["line"], f["line"]) for f in json.loads(stdout)["findings"]]


def checkov_hits(stdout: str) -> list[tuple[str, str, int, int]]:
    data = json.loads(stdout) if stdout.strip() else []
    out = []
    for report in data if isinstance(data, list) else [data]:
        for failed in report.get("results", {}).get("failed_checks", []):
            lo, hi = (failed.get("file_line_range") or [0, 0])[:2]
            out.append((failed["check_id"], failed["file_path"].lstrip("/"), lo, hi))
    return out


def cfn_lint_hits(stdout: str) -> list[tuple[str, str, int, int]]:
    data = json.loads(stdout) if stdout.strip() else []
    out = []
    for item in data:
        rule = item.get("Rule", {}).get("Id", "")
        loc = item.get("Location", {})
        out.append((rule, os.path.basename(item.get("Filename", "")), loc.get("Start", {}).get("LineNumber", 0),
                    loc.get("End", {}).get("LineNumber", 0)))
    return out


def score(tool: str, hits: list[tuple[str, str, int, int]], planted: list[Plant], tree: dict[str, str]) -> dict[str, object]:
    found, missed = [], []
    for plant in planted:
        wanted = CATEGORIES[plant.category][tool]
        exact = tool == "sechooks"
        if any(rid in wanted and path == plant.path and (lo == plant.line if exact else lo <= plant.line <= max(hi, lo))
               for rid, path, lo, hi in hits):
            found.append(plant)
        else:
            missed.append(f"{plant.path}:{plant.line} {plant.category}")
    decoys = [h for h in hits if h[1] in DECOYS]
    return {"planted": len(planted), "planted_found": len(found), "missed": missed,
            "findings": len(hits), "findings_on_decoys": len(decoys), "decoy_ids": sorted({h[0] for h in decoys})}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--peer-rounds", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="write the tree here and keep it")
    args = parser.parse_args()
    tree = files()
    planted = plants(tree)
    folder = args.keep or tempfile.mkdtemp(prefix="cfn-bench-")
    os.makedirs(folder, exist_ok=True)
    write_tree(folder, tree)
    names = sorted(tree)
    python = sys.executable
    ours = [python, "-m", "sechooks.cloudformation", *names]
    floor = [python, "-c", "pass"]
    times: dict[str, list[float]] = {"python -c pass": [], "sechooks-cloudformation": []}
    last = None
    for _ in range(args.rounds):  # interleaved: a load spike hits both the same way
        times["python -c pass"].append(timed(floor, folder, "python -c pass")[0])
        ms, last = timed(ours, folder, "sechooks-cloudformation")
        times["sechooks-cloudformation"].append(ms)
    assert last is not None and last.returncode == 1, last.stderr if last else ""
    _, report = timed([*ours[:3], "--format", "json", *names], folder)
    med = {name: statistics.median(values) for name, values in times.items()}
    per_round = [a / b for a, b in zip(times["sechooks-cloudformation"], times["python -c pass"])]
    tools: dict[str, dict[str, object]] = {
        "sechooks": {"median_ms": round(med["sechooks-cloudformation"], 1),
                     "median_cpu_ms": round(statistics.median(CPU["sechooks-cloudformation"]), 1),
                     "ratio_to_python": round(statistics.median(per_round), 2),
                     **score("sechooks", sechooks_hits(report.stdout), planted, tree)}}
    peers = {
        "checkov": (["checkov", "--framework", "cloudformation", "-d", ".", "-o", "json", "--quiet", "--compact",
                     "--skip-download"], checkov_hits, ("/tmp/ckv/bin",)),  # nosec B108 -- peer venvs
        "cfn-lint": (["cfn-lint", "--format", "json", *names], cfn_lint_hits, ("/tmp/cfnl/bin",)),  # nosec B108 -- peer venvs
    }
    for tool, (cmd, parse, extra) in peers.items():
        binary = executable(cmd[0], extra)
        if binary is None:
            tools[tool] = {"installed": False}
            continue
        runs, done = [], None
        for _ in range(args.peer_rounds):
            ms, done = timed([binary, *cmd[1:]], folder, tool)
            runs.append(ms)
        try:
            hits = parse(done.stdout if done else "")
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            tools[tool] = {"installed": True, "median_ms": round(statistics.median(runs), 1), "error": f"unreadable output: {e}"}
            continue
        tools[tool] = {"installed": True, "median_ms": round(statistics.median(runs), 1),
                       "median_cpu_ms": round(statistics.median(CPU[tool]), 1),
                       "ratio_to_python": round(statistics.median(runs) / med["python -c pass"], 2),
                       **score(tool, hits, planted, tree)}
    results = {"files": len(names), "planted": len(planted), "rounds": args.rounds,
               "python_c_pass_median_ms": round(med["python -c pass"], 1),
               "python_c_pass_median_cpu_ms": round(statistics.median(CPU["python -c pass"]), 1),
               "load_average": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(), "tools": tools}
    print(f"{len(names)} files, {len(planted)} planted problems, {args.rounds} interleaved rounds "
          f"(python -c pass: {med['python -c pass']:.1f} ms; load average {results['load_average']} on {results['cpus']} CPUs)")
    print(f"{'tool':<10}{'median ms':>10}{'cpu ms':>9}{'ratio':>8}{'planted found':>15}{'findings':>10}{'on decoys':>11}")
    for tool, row in tools.items():
        if not row.get("installed", True):
            print(f"{tool:<10}  not installed")
            continue
        print(f"{tool:<10}{row.get('median_ms', 0):>10}{row.get('median_cpu_ms', 0):>9}{row.get('ratio_to_python', 0):>8}"
              f"{str(row.get('planted_found', '?')) + '/' + str(len(planted)):>15}"
              f"{row.get('findings', '?'):>10}{row.get('findings_on_decoys', '?'):>11}")
    with open(os.path.join(HERE, "cloudformation_bench.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
