login()  # uses HF_TOKEN from the environment
