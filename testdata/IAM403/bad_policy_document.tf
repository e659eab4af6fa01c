data "aws_iam_policy_document" "ops" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::logs/*"]
  }
  statement { # expect: IAM403
    sid       = "Sts"
    actions   = ["sts:*"]
    resources = ["*"]
  }
}
