def calculate(expression: str) -> object:
    return eval(expression)  # expect: PY503


def run_snippet(code: str) -> None:
    exec(code)  # expect: PY503
