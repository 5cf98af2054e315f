"""Small request helpers for tests."""


def bearer(raw_key):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}


def visitor(visitor_id):
    return {"HTTP_X_PULSE_USER_ID": str(visitor_id)}
