resource "aws_iam_policy" "bucket" {
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "${aws_s3_bucket.b.arn}/*"}
  ]
}
POLICY
}
