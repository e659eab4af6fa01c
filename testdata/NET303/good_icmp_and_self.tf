resource "aws_security_group" "icmp" {
  ingress {
    from_port   = -1
    to_port     = -1
    protocol    = "icmp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port = 0
    to_port   = 0
    protocol  = "-1"
    self      = true
  }

  ingress {
    from_port       = 0
    to_port         = 65535
    protocol        = "tcp"
    security_groups = ["sg-0123456789abcdef0"]
  }
}

resource "google_compute_firewall" "icmp" {
  name    = "icmp"
  network = "default"
  allow {
    protocol = "icmp"
  }
}

resource "google_compute_firewall" "all_egress" {
  name      = "egress"
  network   = "default"
  direction = "EGRESS"
  allow {
    protocol = "all"
  }
}
