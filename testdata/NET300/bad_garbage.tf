resource "aws_security_group" "oops" {
  name = "x" "y"  # expect: NET300
}
