data "aws_iam_policy_document" "reader" {
  statement { # expect: IAM406
    actions       = ["s3:GetObject"]
    not_resources = ["arn:aws:s3:::secret/*"]
  }
}
