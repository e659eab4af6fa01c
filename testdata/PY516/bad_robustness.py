def save(user, items, store) -> None:
    assert user.is_admin  # expect: PY516
    try:
        store.save(items)
    except Exception:  # expect: PY516
        pass
    for item in items:
        try:
            store.add(item)
        except Exception:  # expect: PY516
            continue
