variable "admin_cidrs" {
  type    = list(string)
  default = ["10.20.0.0/16"]
}

variable "vpc_id" {
  type = string
}

module "bastion" {
  source            = "../bastion_sg"
  name              = "admin-bastion"
  vpc_id            = var.vpc_id
  ssh_ingress_cidrs = var.admin_cidrs
}
