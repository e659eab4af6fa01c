# Every Azure spelling of "any source address" (service tags and wildcards are case-insensitive).
resource "azurerm_network_security_group" "anywhere" {
  name                = "anywhere-nsg"
  location            = "westeurope"
  resource_group_name = "rg-anywhere"

  security_rule { # expect: NET301
    name                       = "star"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "zero-address"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "0.0.0.0"
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "zero-network"
    priority                   = 120
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "0.0.0.0/0"
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "any-network-slash-zero"
    priority                   = 130
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "10.1.0.0/0"
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "bare-slash-zero"
    priority                   = 140
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "/0"
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "internet-upper"
    priority                   = 150
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "INTERNET"
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "any-lower"
    priority                   = 160
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "any"
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "list-with-internet"
    priority                   = 170
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefixes    = ["10.20.0.0/16", "Internet"]
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "list-with-star"
    priority                   = 180
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefixes    = ["*"]
    destination_address_prefix = "*"
  }
  security_rule { # expect: NET301
    name                       = "list-with-bare-slash-zero"
    priority                   = 190
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefixes    = ["192.168.10.0/24", "/0"]
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_rule" "ssh_any_ipv6" { # expect: NET301
  name                        = "ssh-any-v6"
  priority                    = 200
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = "::/0"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-anywhere"
  network_security_group_name = "anywhere-nsg"
}
