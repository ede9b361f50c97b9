from django.conf import settings

from .access import request_viewer


def site(request):
    """What every page's layout needs: the partnership's name and who is looking."""
    return {
        "partnership_name": settings.JOINEDUP_PARTNERSHIP_NAME,
        "viewer": request_viewer(request),
    }
