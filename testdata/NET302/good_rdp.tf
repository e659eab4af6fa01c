resource "aws_security_group" "rdp" {
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  # UDP 3389 falls to NET306 (RULES.md 0.5): admin rules are TCP only.
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "azurerm_network_security_group" "win" {
  name                = "win"
  location            = "westeurope"
  resource_group_name = "rg"
  security_rule {
    name                       = "rdp"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "3389"
    source_address_prefix      = "AzureLoadBalancer"
    destination_address_prefix = "*"
  }
}
