resource "aws_iam_user_policy" "ci" {
  user = "ci"
  policy = jsonencode({
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = "arn:aws:s3:::artifacts"
      },
      { # expect: IAM411
        Effect   = "Allow"
        Action   = ["iam:AttachUserPolicy"]
        Resource = "*"
      },
    ]
  })
}
