resource "aws_iam_policy" "read" {
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "${aws_secretsmanager_secret.db.arn}"}
  ]
}
POLICY
}
