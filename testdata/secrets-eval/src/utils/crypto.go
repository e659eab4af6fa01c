package utils

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

var hmacKey = []byte("s3cr3t-hmac-key-for-webhooks")

// RFC 4231 test case 2
const rfcKey = "4a656665"
const rfcDigest = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"

func Sign(body []byte) string {
	mac := hmac.New(sha256.New, hmacKey)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}
