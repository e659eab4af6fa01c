import logging.config

import pyghmi  # expect: PY518


def start() -> None:
    server = logging.config.listen(9999)  # expect: PY518
    server.start()
    print(pyghmi)
