resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.b.json
}

data "aws_iam_policy_document" "b" {
  statement { # expect: IAM407
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/admin"]
    }
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
  }
}
