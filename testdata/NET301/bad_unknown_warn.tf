resource "aws_security_group" "maybe" {
  ingress { # expect: NET301
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [module.network.admin_cidr]
  }
}
