package pay

import "os"

var squareToken = os.Getenv("SQUARE_ACCESS_TOKEN")
