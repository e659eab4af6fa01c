resource "aws_default_security_group" "default" { # expect: NET309
  vpc_id = aws_vpc.main.id

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}

resource "aws_default_security_group" "listed" { # expect: NET309
  vpc_id = aws_vpc.other.id
  egress = [{
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }]
}
