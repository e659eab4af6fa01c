resource "google_compute_firewall" "mysql" {
  name          = "mysql"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow { # expect: NET304
    protocol = "tcp"
    ports    = ["3306", "6379"]
  }
}
