provider "gitlab" {
  token = "glpat-FAKEDKRYfmt07CJQXelsz6BI" # expect: SEC106
}
