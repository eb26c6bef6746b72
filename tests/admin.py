"""How the Wagtail admin refuses someone: PermissionDenied answers a browser with a redirect to the
dashboard (and a message) and a script with 403."""

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def refused(client, url):
    response = client.get(url)
    return (
        response.status_code == 302 and response["Location"] == "/admin/" and client.get(url, **XHR).status_code == 403
    )
