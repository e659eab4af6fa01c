import shutil


def copy(src: str, dst: str) -> None:
    shutil.copyfile(src, dst)
