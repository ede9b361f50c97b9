from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "joinedup.engagement"
    label = "engagement"
    verbose_name = "Engagement: consultations, experience, assurance and self-assessment"

    def ready(self):
        from joinedup.core import related

        from .queries import consultation_sections

        related.register(consultation_sections)
