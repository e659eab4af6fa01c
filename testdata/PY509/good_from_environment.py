import os

password = os.environ["DB_PASSWORD"]


def connect(user: str, password: str | None = None):
    return login(user=user, password=password or os.environ["DB_PASSWORD"])
