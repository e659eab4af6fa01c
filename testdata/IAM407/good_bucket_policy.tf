data "aws_iam_policy_document" "b" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
  }
}
