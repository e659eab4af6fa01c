resource "github_actions_secret" "npm" {
  repository      = "shop"
  secret_name     = "NPM_TOKEN"
  plaintext_value = "npm_sUso5UOeglfQAQssvNXhCeclybH1aR91P7X1"
}

resource "github_actions_secret" "docker" {
  repository      = "shop"
  secret_name     = "DOCKER_PASSWORD"
  encrypted_value = var.docker_password_encrypted
}
