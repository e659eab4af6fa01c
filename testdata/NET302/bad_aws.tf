resource "aws_security_group" "rdp" {
  ingress { # expect: NET302
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "rdp6" { # expect: NET302
  security_group_id = "sg-123"
  ip_protocol       = "tcp"
  from_port         = 3380
  to_port           = 3390
  cidr_ipv6         = "::/0"
}
