import os
import tempfile


def save(data: str, path: str) -> None:
    with open("/tmp/app-cache.txt", "w") as f:  # expect: PY510
        f.write(data)
    name = tempfile.mktemp()  # expect: PY510
    os.chmod(path, 0o777)  # expect: PY510
    print(name)
