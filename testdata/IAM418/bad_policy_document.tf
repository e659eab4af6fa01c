data "aws_iam_policy_document" "tags" {
  statement { # expect: IAM418
    actions   = ["ec2:CreateTags"]
    resources = ["arn:aws:ec2:*:*:instance/*"]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "aws:TagKeys"
      values   = ["team"]
    }
  }
}
