Braintree::Configuration.environment = :production
Braintree::Configuration.merchant_id = "v8pgr1k5u0jon144"
Braintree::Configuration.public_key = "1h12dhlaltm37ola"
Braintree::Configuration.private_key = "a2ce7e453c01fd56bcca5bade99520f8"

Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")

PAYPAL_CLIENT_ID = "A6OsB7OCbSYJpMZkdaj3qfO1r_OtgBM8YYtzhu3MbhwDtpfEjgKcVqXKy7GixUqslWeTiKXWZUAxiNyk"
PAYPAL_CLIENT_SECRET = "Ep0L4nSS81O77D7mnDDhNuswyeNNAAAMSOHmkVdP2h13IEjaROA81KtuDnjaLjr9DmCjErOW5AXZCsMI"
WEBHOOK_TOLERANCE = 300
