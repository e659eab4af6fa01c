resource "aws_iam_role_policy_attachment" "ci" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect: IAM417
}

resource "aws_iam_role" "ops" {
  name                = "ops"
  assume_role_policy  = data.aws_iam_policy_document.ops_trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"] # expect: IAM417
}
