variable "db_port" {
  type    = number
  default = 5432
}

resource "aws_security_group" "db" {
  ingress { # expect: NET304
    from_port   = var.db_port
    to_port     = var.db_port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress { # expect: NET304
    from_port   = 27017
    to_port     = 27019
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress { # expect: NET304
    from_port   = 11211
    to_port     = 11211
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
