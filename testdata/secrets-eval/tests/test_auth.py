import hashlib

import pytest

from shop.auth import hash_password, verify_password, make_token

TEST_PASSWORD = "correct horse battery staple"
FIXTURE_SECRET_KEY = "test-secret-key-for-unit-tests"
KNOWN_DIGEST = "d36ca5a961d42d5b889dee0438235c43bd6fd1c7444d617c2e0ea6d47df1a79e"


@pytest.fixture
def user(db):
    return db.create_user(email="a@b.c", password="Password1!")


def test_hash_roundtrip():
    hashed = hash_password(TEST_PASSWORD)
    assert verify_password(TEST_PASSWORD, hashed)
    assert not verify_password("wrong", hashed)


def test_token_is_random():
    assert make_token() != make_token()
    assert hashlib.sha256(b"abc").hexdigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_login_rejects_empty(client):
    r = client.post("/login", json={"username": "admin", "password": ""})
    assert r.status_code == 400
