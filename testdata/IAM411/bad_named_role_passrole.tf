# Deploys the app's EC2 fleet with its own instance role: low, the named role is listed
data "aws_iam_policy_document" "deployer" {
  statement { # expect: IAM411
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::111122223333:role/app-instance"]
  }
  statement {
    actions   = ["ec2:RunInstances", "ec2:CreateTags"]
    resources = ["*"]
  }
}
