data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["ecr:BatchGetImage"]
    resources = [aws_ecr_repository.app.arn]
  }
}
