# a build id that happens to look like an SK key, with no provider named nearby
BUILD = "SK38d27c16b05af49e49e38d27c16b05af"
