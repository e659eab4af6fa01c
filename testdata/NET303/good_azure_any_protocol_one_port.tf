# protocol "*" with one destination port opens that port (TCP, UDP, ICMP...), not every port.
resource "azurerm_network_security_rule" "https_any_protocol" {
  name                        = "AllowHTTPS"
  priority                    = 310
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = "Internet"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-web"
  network_security_group_name = "web-nsg"
}

resource "azurerm_network_security_group" "rdp" {
  name                = "rdp-nsg"
  location            = "westeurope"
  resource_group_name = "rg-web"

  security_rule {
    name                       = "rdp-any-protocol"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "3389"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}
