resource "google_compute_firewall" "egress" {
  name      = "egress"
  network   = "default"
  direction = "EGRESS"
  allow { # expect: NET308
    protocol = "tcp"
  }
}
