"""What makes a document a CloudFormation template: shared by the CloudFormation hook, which
checks templates, and the IAM hook, which leaves them to it (so that `sechooks scan` reports a
template's policy once)."""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def is_template(root: Any) -> bool:
    """A parsed document is a template: `AWSTemplateFormatVersion`, an `AWS::` `Transform`
    (SAM), or `Resources` with an `AWS::` `Type`."""
    if not isinstance(root, dict):
        return False
    if "AWSTemplateFormatVersion" in root:
        return True
    transform = root.get("Transform")
    if isinstance(transform, str) and transform.startswith("AWS::") or (
            isinstance(transform, list) and any(isinstance(t, str) and t.startswith("AWS::") for t in transform)):
        return True
    resources = root.get("Resources")
    return isinstance(resources, dict) and any(
        isinstance(r, dict) and isinstance(r.get("Type"), str) and r["Type"].startswith("AWS::") for r in resources.values())


def looks_like_template(text: str) -> bool:
    """The text of a document that does not parse is still a template's (its errors are
    the CloudFormation hook's to report): the version key, or a resource `Type: AWS::`."""
    return "AWSTemplateFormatVersion" in text or '"Type": "AWS::' in text or '"Type":"AWS::' in text
