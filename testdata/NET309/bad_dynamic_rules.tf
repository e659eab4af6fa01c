variable "default_sg_ingress_rules" {
  type = list(map(string))
  default = [
    { self = "true", from_port = "0", to_port = "0", protocol = "-1" },
  ]
}

variable "manage_default_sg" {
  type    = bool
  default = true
}

resource "aws_default_security_group" "from_input" { # expect: NET309
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = var.default_sg_ingress_rules
    content {
      self      = ingress.value.self
      from_port = ingress.value.from_port
      to_port   = ingress.value.to_port
      protocol  = ingress.value.protocol
    }
  }
}

resource "aws_default_security_group" "managed" { # expect: NET309
  count  = var.manage_default_sg ? 1 : 0
  vpc_id = aws_vpc.main.id

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
