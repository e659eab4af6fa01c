import random
import string


def new_token() -> str:
    return "".join(random.choice(string.ascii_letters) for _ in range(32))  # expect: PY514
