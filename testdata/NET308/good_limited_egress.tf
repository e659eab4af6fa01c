resource "aws_security_group" "app" {
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "google_compute_firewall" "egress" {
  name               = "egress"
  network            = "default"
  direction          = "EGRESS"
  destination_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "all"
  }
}
