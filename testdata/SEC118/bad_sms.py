from twilio.rest import Client

API_KEY = "SK38d27c16b05af49e49e38d27c16b05af"  # expect: SEC118
client = Client(API_KEY, os.environ["TWILIO_API_SECRET"])
