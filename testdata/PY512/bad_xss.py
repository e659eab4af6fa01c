import jinja2
from django.utils.safestring import mark_safe
from mako.template import Template
from markupsafe import Markup


def render(bio: str, text: str):
    env = jinja2.Environment(autoescape=False)  # expect: PY512
    page = Template(text)  # expect: PY512
    safe = mark_safe(bio)  # expect: PY512
    markup = Markup(f"<b>{bio}</b>")  # expect: PY512
    return env, page, safe, markup
