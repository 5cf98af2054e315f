"""The dashboard's one delete flow: a confirmation page (GET), then the delete (POST).

Works without JavaScript and under a CSP without inline scripts. The role is checked by the
caller's `project_view(ADMIN)`; the delete itself is the app's service (atomic, with what
hangs off the row). Issue 18, item 5.
"""

from django.contrib import messages
from django.shortcuts import redirect, render


def confirm_delete(request, *, project, kind, name, consequences, delete, cancel_url, done_url):
    """GET: the confirmation page naming `kind` ("roadmap item"), `name` and `consequences`
    (sentences about what goes with it). POST: `delete()`, a message, a redirect to `done_url`.
    """
    if request.method == "POST":
        delete()
        messages.success(request, f"The {kind} “{name}” was deleted.")
        return redirect(done_url)
    context = {
        "project": project,
        "kind": kind,
        "name": name,
        "consequences": consequences,
        "cancel_url": cancel_url,
    }
    return render(request, "confirm_delete.html", context)
