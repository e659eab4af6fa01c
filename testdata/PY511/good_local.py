import os

from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host=os.environ.get("BIND", "127.0.0.1"))
