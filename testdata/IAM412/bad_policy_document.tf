data "aws_iam_policy_document" "ci" {
  statement { # expect: IAM412
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
}
