# Local modules called with private ranges, switched off, or with their safe defaults;
# registry and git modules are not followed (their content is not in the repository).
module "office_bastion_sg" {
  source = "./modules/bastion_sg"

  name              = "office-bastion"
  vpc_id            = aws_vpc.main.id
  ssh_ingress_cidrs = ["10.20.0.0/16", "10.30.0.0/24"]
}

module "unused_bastion_sg" {
  source = "./modules/bastion_sg"

  name              = "unused"
  vpc_id            = aws_vpc.main.id
  create            = false
  ssh_ingress_cidrs = ["0.0.0.0/0"]
}

module "default_bastion_sg" {
  source = "./modules/bastion_sg"
  name   = "default"
  vpc_id = aws_vpc.main.id
}

module "admin_default" {
  source = "./modules/admin_stack"
  vpc_id = aws_vpc.main.id
}

module "disabled_bastion" {
  source            = "./modules/bastion_sg"
  count             = 0
  name              = "disabled"
  vpc_id            = aws_vpc.main.id
  ssh_ingress_cidrs = ["0.0.0.0/0"]
}

module "registry_sg" {
  source  = "terraform-aws-modules/security-group/aws"
  version = "~> 5.0"

  name                = "registry"
  vpc_id              = aws_vpc.main.id
  ingress_cidr_blocks = ["0.0.0.0/0"]
  ingress_rules       = ["ssh-tcp"]
}

module "git_sg" {
  source              = "git::https://example.com/infra/modules.git//sg?ref=v1.2.0"
  ingress_cidr_blocks = ["0.0.0.0/0"]
}
