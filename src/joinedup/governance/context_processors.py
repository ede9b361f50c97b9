from joinedup.core.access import request_viewer

from .access import can_run_meetings


def governance(request):
    """Whether the viewer may run meetings, for the links to the secretary's workflow."""
    return {"can_run_meetings": can_run_meetings(request_viewer(request))}
