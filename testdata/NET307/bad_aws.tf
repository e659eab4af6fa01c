resource "aws_security_group" "range" {
  ingress { # expect: NET307,NET301,NET302
    from_port   = 20
    to_port     = 3400
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress { # expect: NET307
    from_port   = 30000
    to_port     = 32767
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
