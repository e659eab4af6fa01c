data "aws_iam_policy_document" "admin" {
  statement { # expect: IAM401
    actions   = ["*"]
    resources = ["*"]
  }
}
