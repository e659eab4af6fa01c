import subprocess


def archive(name: str) -> None:
    subprocess.Popen(f"tar czf {name}.tgz .", shell=True)  # nosec B602 -- name is validated by the caller
    subprocess.Popen(
        f"ls {name}",
        shell=True,  # nosec
    )
