import tarfile


def unpack(path: str, dest: str) -> None:
    with tarfile.open(path) as archive:
        archive.extractall(dest, filter="data")
