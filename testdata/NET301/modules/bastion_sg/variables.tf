variable "name" {
  description = "Name of the security group"
  type        = string
}

variable "vpc_id" {
  type = string
}

variable "ssh_ingress_cidrs" {
  description = "Who may reach the bastion over SSH (none by default)"
  type        = list(string)
  default     = []
}

variable "ssh_port" {
  type    = number
  default = 22
}

variable "create" {
  type    = bool
  default = true
}
