use std::env;

const SMTP_HOST: &str = "smtp.shop.internal";
const SMTP_PASSWORD: &str = "n0tify-Mail!";
const PUSHOVER_TOKEN: &str = "aikcrzthmhceiwn9v8j7razgj0a6s3";

fn main() {
    let api_key = env::var("NOTIFY_API_KEY").expect("NOTIFY_API_KEY");
    println!("sending via {} with key of {} chars", SMTP_HOST, api_key.len());
}
