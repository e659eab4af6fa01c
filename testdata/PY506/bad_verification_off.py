import ssl

import paramiko
import requests


def fetch(url: str, sock, client: paramiko.SSHClient):
    requests.get(url, verify=False, timeout=5)  # expect: PY506
    ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)  # expect: PY506
    ctx = ssl._create_unverified_context()  # expect: PY506
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: PY506
    return ctx


def legacy(version=ssl.PROTOCOL_SSLv2):  # expect: PY506
    return version
