# Security groups built by local modules: the world comes in through the call's arguments.
variable "bastion_allowed_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

module "bastion_sg" {
  source = "./modules/bastion_sg"

  name              = "bastion"
  vpc_id            = aws_vpc.main.id
  ssh_ingress_cidrs = ["0.0.0.0/0"] # expect: NET301
}

module "jump_sg" {
  source = "./modules/bastion_sg"

  name              = "jump"
  vpc_id            = aws_vpc.main.id
  ssh_ingress_cidrs = var.bastion_allowed_cidrs # expect: NET301
}

# two levels down: admin_stack passes admin_cidrs on to bastion_sg
module "admin" {
  source      = "./modules/admin_stack"
  vpc_id      = aws_vpc.main.id
  admin_cidrs = ["192.168.0.0/16", "::/0"] # expect: NET301
}
