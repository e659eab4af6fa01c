import os
import tempfile


def save(data: str, path: str) -> None:
    fd, name = tempfile.mkstemp()
    with os.fdopen(fd, "w") as f:
        f.write(data)
    os.chmod(path, 0o600)
    print(name)
