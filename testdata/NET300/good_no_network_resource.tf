# Not valid HCL, but it holds no supported resource type, so it is never parsed.
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
