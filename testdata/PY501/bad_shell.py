import os
import subprocess

import paramiko


def archive(name: str, src: str) -> None:
    subprocess.Popen(f"tar czf {name}.tgz {src}", shell=True)  # expect: PY501
    os.system("rm -rf " + src)  # expect: PY501
    subprocess.call("chown user:group *", shell=True)  # expect: PY501


def remote(client: paramiko.SSHClient, command: str) -> None:
    client.exec_command(command)  # expect: PY501
