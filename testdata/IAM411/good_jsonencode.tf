resource "aws_iam_user_policy" "ci" {
  user = "ci"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:GetUser", "iam:ListAttachedUserPolicies"]
      Resource = "*"
    }]
  })
}
