# bandit is not sure (LOW confidence) a custom function runs a shell: kept with min_confidence = "low".
def spawn(command: str) -> None:
    run_later(command, shell=True)  # expect: PY501
