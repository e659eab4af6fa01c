# Azure "*" is every protocol, not every port: RDP on 3389 over TCP and UDP is still RDP.
resource "azurerm_network_security_rule" "rdp_any_protocol" { # expect: NET302
  name                        = "AllowRDP"
  priority                    = 300
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "3389"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = azurerm_resource_group.jump.name
  network_security_group_name = azurerm_network_security_group.jump.name
}

resource "azurerm_network_security_group" "jumpbox" {
  name                = "jumpbox-nsg"
  location            = "westeurope"
  resource_group_name = "rg-jump"

  security_rule { # expect: NET301
    name                       = "ssh-and-web"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_ranges    = ["22", "443"]
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}
