data "aws_iam_policy_document" "ops" {
  statement {
    actions   = ["iam:GetRole", "iam:ListRoles"]
    resources = ["*"]
  }
}
