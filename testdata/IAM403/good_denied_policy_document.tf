data "aws_iam_policy_document" "sandbox" {
  statement {
    sid       = "Everything"
    actions   = ["iam:*", "sts:*", "ec2:Describe*"]
    resources = ["*"]
  }
  statement {
    sid       = "ButNotIdentity"
    effect    = "Deny"
    actions   = ["iam:*", "sts:*"]
    resources = ["*"]
  }
}
