# Break-glass rules that exist only when a flag is flipped; the flags default to off.
variable "enable_break_glass_ssh" {
  type    = bool
  default = false
}

variable "deployment_env" {
  type    = string
  default = "prod"
}

variable "debug_ssh_cidrs" {
  type    = list(string)
  default = []
}

resource "google_compute_firewall" "break_glass_ssh" {
  count   = var.enable_break_glass_ssh ? 1 : 0
  name    = "break-glass-ssh"
  network = google_compute_network.main.name

  source_ranges = []
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "aws_security_group_rule" "dev_ssh" {
  count             = var.deployment_env == "dev" ? 1 : 0
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}

resource "aws_security_group_rule" "debug_ssh" {
  count             = length(var.debug_ssh_cidrs) > 0 ? 1 : 0
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}

resource "azurerm_network_security_rule" "break_glass" {
  for_each                    = var.enable_break_glass_ssh ? toset(["ssh"]) : toset([])
  name                        = "break-glass-${each.key}"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}
