export const mapsKey = "AIzaFAKEDKRYfmt07CJQXelsz6BIPWdkry5AHOV"; // expect: SEC111
