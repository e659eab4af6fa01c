locals {
  ssh_sources = distinct(var.ssh_ingress_cidrs)
}

resource "aws_security_group" "this" {
  count       = var.create ? 1 : 0
  name        = var.name
  description = "Bastion access"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = length(local.ssh_sources) > 0 ? [var.ssh_port] : []
    content {
      description = "SSH"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = local.ssh_sources
    }
  }

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
