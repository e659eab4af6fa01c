variable "ssh_world_cidr" {
  default = "0.0.0.0/0"
}

locals {
  everywhere = ["0.0.0.0/0"]
}

resource "aws_security_group" "bastion" {
  name = "bastion"

  ingress {
    self      = true
    from_port = 0
    to_port   = 0
    protocol  = "-1"
  }

  ingress { # expect: NET301
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", var.ssh_world_cidr]
  }

  ingress { # expect: NET301
    from_port        = 22
    to_port          = 22
    protocol         = "6"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group_rule" "ssh" { # expect: NET301
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = local.everywhere
  security_group_id = aws_security_group.bastion.id
}

resource "aws_vpc_security_group_ingress_rule" "ssh" { # expect: NET301
  security_group_id = aws_security_group.bastion.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "listed" {
  ingress = [
    { # expect: NET301
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    },
  ]
}
