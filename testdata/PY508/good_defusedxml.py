from defusedxml.ElementTree import fromstring


def parse(body: str):
    return fromstring(body)
