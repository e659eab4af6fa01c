import marshal
import pickle  # expect: PY504

import torch
import yaml
from transformers import AutoModel


def load(blob: bytes, text: str, path: str) -> object:
    a = pickle.loads(blob)  # expect: PY504
    b = marshal.loads(blob)  # expect: PY504
    c = yaml.load(text, Loader=yaml.Loader)  # expect: PY504
    d = torch.load(path)  # expect: PY504
    e = AutoModel.from_pretrained("org/model")  # expect: PY504
    return a, b, c, d, e
