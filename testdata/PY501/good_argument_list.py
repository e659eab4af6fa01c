import subprocess


def archive(name: str, src: str) -> None:
    subprocess.run(["/usr/bin/tar", "czf", f"{name}.tgz", src], check=True)  # nosec B603 -- fixed argv


def spawn(command: str) -> None:
    run_later(command, shell=True)  # LOW confidence: below the default floor
