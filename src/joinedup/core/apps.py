from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    label = "core"
    verbose_name = "Partners, people and audit"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import name_the_session

        user_logged_in.connect(name_the_session, dispatch_uid="joinedup.core.name_the_session")
