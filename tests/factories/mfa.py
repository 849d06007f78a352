"""Signing a test client in as a user who has passed the second factor when they need one."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from outsourcing.security.services import mfa_required_for


def totp_device_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, created if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def totp_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the user's app shows now (or `offset_steps` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def totp_code_at_step(device: TOTPDevice, step_number: int) -> str:
    """The code of time step `step_number` (as django-otp counts them, drift included: `device.last_t`)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = device.t0 + step_number * device.step
    return f"{totp.token():0{device.digits}d}"


def totp_wrong_code(device: TOTPDevice) -> str:
    """A six-digit code that none of the steps around now accepts (never the real code by chance)."""
    near = {totp_code(device, offset_steps=offset) for offset in range(-2, 3)}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in near)


def force_login_verified(client: Client, user) -> Client:
    """`force_login`, plus a second factor already given if the user must have one (staff)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if mfa_required_for(user=user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
        session.save()
    return client
