package client

import (
	"strings"
	"testing"
)

const testToken = "ghp_" + "0000000000000000000000000000000000aa"

var fakeKey = strings.Repeat("A", 40)

func TestRedact(t *testing.T) {
	got := Redact("token=" + testToken)
	if strings.Contains(got, testToken) {
		t.Fatalf("token leaked: %s", got)
	}
}
