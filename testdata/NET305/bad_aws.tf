resource "aws_security_group" "legacy" {
  ingress { # expect: NET305
    from_port   = 23
    to_port     = 23
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress { # expect: NET305
    from_port   = 161
    to_port     = 161
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "docker" { # expect: NET305
  type              = "ingress"
  from_port         = 2375
  to_port           = 2376
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
  security_group_id = "sg-123"
}
