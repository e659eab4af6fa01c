variable "enable_vendor_ssh" {
  type    = bool
  default = true
}

variable "vendor_env" {
  type    = string
  default = "staging"
}

resource "google_compute_firewall" "vendor_ssh" {
  count   = var.enable_vendor_ssh ? 1 : 0
  name    = "vendor-ssh"
  network = google_compute_network.main.name

  source_ranges = []
  allow { # expect: NET301
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "aws_security_group_rule" "staging_ssh" { # expect: NET301
  count             = var.vendor_env != "prod" ? 1 : 0
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}
