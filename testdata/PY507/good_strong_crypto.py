import hashlib

from cryptography.hazmat.primitives.asymmetric import rsa


def strong(data: bytes):
    digest = hashlib.sha256(data).hexdigest()
    checksum = hashlib.md5(data, usedforsecurity=False).hexdigest()
    private = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    return digest, checksum, private
