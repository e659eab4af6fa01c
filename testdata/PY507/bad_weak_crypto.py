import hashlib

from Crypto.Cipher import DES  # expect: PY507
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def weak(data: bytes, key: bytes, iv: bytes):
    digest = hashlib.md5(data).hexdigest()  # expect: PY507
    private = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # expect: PY507
    cipher = Cipher(algorithms.ARC4(key), mode=None)  # expect: PY507
    ecb = Cipher(algorithms.AES(key), modes.ECB())  # expect: PY507
    return digest, private, cipher, ecb, DES
