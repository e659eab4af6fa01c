HEADER = "-----BEGIN RSA PRIVATE KEY-----"
FOOTER = "-----END RSA PRIVATE KEY-----"


def is_pem(text: str) -> bool:
    return text.startswith(HEADER) and text.rstrip().endswith(FOOTER)
