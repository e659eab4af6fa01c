import ast


def calculate(expression: str) -> object:
    return ast.literal_eval(expression)
