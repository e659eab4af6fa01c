data "aws_iam_policy_document" "public" {
  statement { # expect: IAM408
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::site/*"]
  }
}
