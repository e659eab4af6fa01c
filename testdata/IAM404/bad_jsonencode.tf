resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Statement = [{ # expect: IAM404
      Effect   = "Allow"
      Action   = ["dynamodb:*"]
      Resource = [aws_dynamodb_table.t.arn]
    }]
  })
}
