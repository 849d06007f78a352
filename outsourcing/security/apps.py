from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Sign-in security (no models): starts a session's clocks when its user signs in."""

    name = "outsourcing.security"
    label = "security"
    verbose_name = "Sign-in security"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from outsourcing.security.sessions import session_on_sign_in

        user_logged_in.connect(session_on_sign_in, dispatch_uid="outsourcing.security.session_on_sign_in")
