data "aws_iam_policy_document" "poweruser" {
  statement { # expect: IAM405
    not_actions = ["iam:*", "organizations:*"]
    resources   = ["*"]
  }
}
