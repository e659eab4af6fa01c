resource "google_compute_firewall" "ssh_implicit_source" {
  name    = "ssh"
  network = "default"

  allow { # expect: NET301
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "ssh_ranges" {
  name          = "ssh2"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  source_tags   = ["bastion"]

  allow { # expect: NET301
    protocol = "tcp"
    ports    = ["20-22", "443"]
  }
}

resource "google_compute_firewall_policy_rule" "ssh" {
  firewall_policy = google_compute_firewall_policy.main.id
  priority        = 100
  action          = "allow"
  direction       = "INGRESS"

  match {
    src_ip_ranges = ["0.0.0.0/0"]
    layer4_configs { # expect: NET301
      ip_protocol = "tcp"
      ports       = ["22"]
    }
  }
}
