#!/usr/bin/env python3
"""Create the first admin user on a fresh database."""
import argparse
import getpass

from shop.db import session
from shop.models import User

DEFAULT_ADMIN = {"email": "admin@shop.internal", "password": "hunter22"}
PROMPT = "Admin password (leave empty for the default): "


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--password", help="password for the admin user")
    args = parser.parse_args()
    password = args.password or getpass.getpass(PROMPT) or DEFAULT_ADMIN["password"]
    with session() as s:
        s.add(User(email=DEFAULT_ADMIN["email"], password=password, is_admin=True))
    print(f"created {DEFAULT_ADMIN['email']} with password {'*' * len(password)}")


if __name__ == "__main__":
    main()
