resource "google_compute_firewall" "all_tcp" {
  name    = "all-tcp"
  network = "default"

  allow { # expect: NET303
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "empty_source_ranges" {
  name          = "all"
  network       = "default"
  source_ranges = []

  allow { # expect: NET303
    protocol = "all"
  }
}

resource "google_compute_network_firewall_policy_rule" "all" {
  firewall_policy = "policy"
  priority        = 10
  action          = "allow"
  direction       = "INGRESS"
  match {
    src_ip_ranges = ["0.0.0.0/0"]
    layer4_configs { # expect: NET303
      ip_protocol = "all"
    }
  }
}
