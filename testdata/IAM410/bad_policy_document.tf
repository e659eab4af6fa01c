data "aws_iam_policy_document" "deployer" {
  statement { # expect: IAM410
    actions   = ["iam:PassRole"]
    resources = var.role_arns
  }
}

variable "role_arns" {
  type    = list(string)
  default = ["*"]
}
