import jinja2
from markupsafe import escape


def render(bio: str):
    env = jinja2.Environment(autoescape=jinja2.select_autoescape())
    return env, escape(bio)
