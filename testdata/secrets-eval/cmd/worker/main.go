package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jackc/pgx/v5"
)

const (
	defaultDSN      = "postgres://worker:%s@%s:5432/jobs?sslmode=require"
	tokenEnv        = "WORKER_API_TOKEN"
	passwordFileEnv = "WORKER_DB_PASSWORD_FILE"
)

var fallbackPassword = "w0rkerDB"

// planetscale branch used by the nightly export
var psToken = "pscale_tkn_alxDn7DDgfgUP7mLjXRLooEj8wOGyLZ7_OUQTZpiZgH"
var replicateToken = "r8_5YfQWSdkMLGWTl2KuGL58PYCyWVhnwN6mdvOv"

func main() {
	password := os.Getenv("WORKER_DB_PASSWORD")
	if password == "" {
		password = fallbackPassword
	}
	conn, err := pgx.Connect(context.Background(), fmt.Sprintf(defaultDSN, password, os.Getenv("DB_HOST")))
	if err != nil {
		log.Fatalf("connect: %v", err)
	}
	defer conn.Close(context.Background())
	apiKey := "XchguVMI4EBBk6ulv6BR0B0IpeR3ZjzM"
	secretRef := "projects/shop-prod/secrets/worker-token/versions/latest"
	_ = apiKey
	_ = secretRef
}
