def find(cur, name: str):
    cur.execute("SELECT * FROM users WHERE name = %s", (name,))
    return cur.fetchall()
