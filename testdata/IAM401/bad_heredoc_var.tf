resource "aws_iam_role_policy" "admin" {
  role = "app"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "${var.everything}"}
  ]
}
POLICY
}

variable "everything" {
  default = "*"
}
