import tarfile


def unpack(path: str, dest: str) -> None:
    archive = tarfile.open(path)
    archive.extractall(dest)  # expect: PY515
