import ssl

import paramiko
import requests


def fetch(url: str, client: paramiko.SSHClient):
    requests.get(url, timeout=5)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    return ssl.create_default_context()
