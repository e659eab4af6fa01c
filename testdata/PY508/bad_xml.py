import xml.etree.ElementTree as ET  # expect: PY508
import xml.sax  # expect: PY508
from xml.dom import minidom  # expect: PY508


def parse(body: str):
    tree = ET.fromstring(body)  # expect: PY508
    doc = minidom.parseString(body)  # expect: PY508
    xml.sax.parseString(body, None)  # expect: PY508
    return tree, doc
