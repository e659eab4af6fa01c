resource "google_compute_firewall" "egress" {
  name      = "egress"
  network   = "default"
  direction = "EGRESS"
  allow { # expect: TFN308
    protocol = "tcp"
  }
}
