data "aws_iam_policy_document" "guard" {
  statement {
    effect      = "Deny"
    not_actions = ["iam:Get*"]
    resources   = ["*"]
  }
}
