resource "aws_security_group" "wide_open" {
  ingress { # expect: NET303
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress { # expect: NET303
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }

  ingress { # expect: NET303
    from_port   = 5000
    to_port     = 5001
    protocol    = "all"
    cidr_blocks = ["10.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "all" { # expect: NET303
  security_group_id = "sg-123"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
