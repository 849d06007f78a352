"""Sign-in protection: the client's real address, throttling, two-factor sign-in."""
