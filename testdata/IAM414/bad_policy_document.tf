data "aws_iam_policy_document" "kms" {
  statement { # expect: IAM414
    actions   = ["kms:CreateGrant"]
    resources = ["*"]
  }
}
