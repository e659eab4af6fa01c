resource "aws_eks_cluster" "default_public" {
  name     = "a"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config { # expect: NET311
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "explicit_world" {
  name     = "b"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids             = ["subnet-1", "subnet-2"]
    endpoint_public_access = true
    public_access_cidrs    = ["203.0.113.0/24", "0.0.0.0/0"] # expect: NET311
  }
}
