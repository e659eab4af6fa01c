from django.db.models.expressions import RawSQL


def find(cur, name: str, users, column: str):
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)  # expect: PY505
    users.objects.extra(select={"x": column})  # expect: PY505
    return users.objects.annotate(val=RawSQL(column, []))  # expect: PY505
