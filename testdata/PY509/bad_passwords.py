password = "not-a-real-password-1"  # expect: PY509


def connect(user: str, password: str = "not-a-real-password-2"):  # expect: PY509
    return login(user=user, password="not-a-real-password-3")  # expect: PY509
