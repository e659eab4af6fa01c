import json

import yaml


def load(blob: bytes, text: str) -> object:
    return json.loads(blob), yaml.safe_load(text)
