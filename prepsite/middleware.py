"""Request checks that hold for every page."""

from django.shortcuts import render


class RejectNullCharactersMiddleware:
    """Answer 400 to a query string or form holding a NUL character.

    No page has a use for one, PostgreSQL cannot store one in a text column, and
    letting one through would turn a typo or a probe into a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for params in (request.GET, request.POST if request.method == "POST" else None):
            if params is None:
                continue
            for key, values in params.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    message = (
                        f"The value of “{key.replace(chr(0), '')[:40]}” holds a NUL character, which no page accepts."
                    )
                    return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Forbid any cache, the browser's included, to keep a response for a signed-in user.

    Their pages hold private notes, progress and addresses; ``no-store`` keeps them out of
    shared caches and off the disk of a shared computer after signing out. A request
    that signs in or out counts too: its response was decided with someone's session.
    Public pages for visitors keep the caching ``questions.public_cache`` gives them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
