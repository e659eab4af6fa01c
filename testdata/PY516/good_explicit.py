import logging

import requests


def save(user, items, store) -> None:
    if not user.is_admin:
        raise PermissionError(user)
    try:
        store.save(items)
    except OSError:
        logging.exception("save failed")
        raise
    requests.get("https://example.org/ping", timeout=5)
