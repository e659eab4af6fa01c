resource "aws_security_group" "app" {
  egress { # expect: NET308
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_egress_rule" "all6" { # expect: NET308
  security_group_id = "sg-123"
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0"
}

resource "aws_security_group_rule" "egress_tcp" { # expect: NET308
  type              = "egress"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-123"
}
