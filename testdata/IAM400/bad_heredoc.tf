resource "aws_iam_policy" "broken" {
  name   = "broken"
  policy = <<POLICY
{
  "Statement": [
    {"Effect": "Allow" "Action": "s3:GetObject"}
  ]
}
POLICY
}
