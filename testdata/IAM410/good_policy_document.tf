data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.task.arn]
  }
}
