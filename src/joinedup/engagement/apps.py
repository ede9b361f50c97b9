from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "joinedup.engagement"
    label = "engagement"
    verbose_name = "Engagement: consultations, experience, assurance and self-assessment"
