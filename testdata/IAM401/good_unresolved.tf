resource "aws_iam_policy" "p" {
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "${var.actions}", "Resource": "${var.resources}"}
  ]
}
POLICY
}
