terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 4.0"
    }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIARJI3UMAEY63TTBSU"
  secret_key = "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"
}

provider "cloudflare" {
  api_token = var.cloudflare_api_token
}

provider "grafana" {
  url  = "https://shop.grafana.net/"
  auth = "glsa_bWgXSvAKr3cpxlj0Wgf2fEuvCpu7Cx25_5dec44b9"
}

provider "github" {
  owner = "shop-corp"
  token = "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"
}
