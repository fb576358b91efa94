"""Capture a page: fetch it as a careful crawler does, keep the exchange in a WARC file, and
import that file the way any crawl is imported (articles/importers/warc.py).

Fetching is a way in, so it is bounded: http and https only; a host that resolves to a
private, loopback, link-local, reserved or multicast address is refused unless
``NEWSARCHIVE_CAPTURE_ALLOW_PRIVATE`` says otherwise (the tests' local server needs it,
production never); at most ``CAPTURE_MAX_REDIRECTS`` redirects, each checked again; at most
``CAPTURE_MAX_BYTES`` of body; ``CAPTURE_TIMEOUT`` seconds to connect and for each read; a
user agent that names the archive; robots.txt obeyed; one request at a time per host, at least
``CAPTURE_HOST_DELAY`` seconds apart. Every refusal or failure is that URL's named error
(``CaptureError``); the others are captured. A known limit: the address is checked when the
name is resolved, and the connection resolves it again, so a host that changes its answer in
between (DNS rebinding) is not caught.

The WARC file holds, for every page, the request sent and the response received (headers and
body exactly as they came, ``WARC-Payload-Digest`` included), under
``NEWSARCHIVE_CAPTURE_DIR/YYYY/MM/DD/`` (var/captures by default), so the archive keeps what
the site sent even if the page changes or goes: a page captured again that changed becomes a
new version of its article, and one that did not change adds nothing.
"""

import http.client
import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

USER_AGENT = "newsarchive/1.0 (a searchable archive of defence-aid reporting)"
_last_request: dict[str, float] = {}  # host -> when the last request to it ended
_robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}


class CaptureError(Exception):
    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


@dataclass
class Exchange:
    """One request and its response, as they went over the wire."""

    url: str
    request: list[tuple[str, str]]
    status: str  # "200 OK"
    headers: list[tuple[str, str]]
    body: bytes
    redirects: list[str] = field(default_factory=list)


def _checked_host(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL it is safe to fetch; else CaptureError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CaptureError(url, "only http and https addresses are captured")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port,
                                                               proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError) as error:
        raise CaptureError(url, f"the host does not resolve: {error}") from None
    if not settings.CAPTURE_ALLOW_PRIVATE:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise CaptureError(url, f"refused: {parts.hostname} is a private or local "
                                        f"address ({ip}); the archive fetches public pages only")
    return parts.scheme, parts.hostname, port


PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


def _get(url: str, extra: list[tuple[str, str]] = (), accept: str = PAGE_ACCEPT) -> Exchange:
    """One GET, bounded, with no redirect followed; ``extra`` headers added (a feed's
    validators)."""
    scheme, host, port = _checked_host(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    wait = _last_request.get(host, 0) + settings.CAPTURE_HOST_DELAY - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    connection_class = http.client.HTTPSConnection if scheme == "https" else \
        http.client.HTTPConnection
    connection = connection_class(host, port, timeout=settings.CAPTURE_TIMEOUT)
    request = [("Host", parts.netloc), ("User-Agent", USER_AGENT), ("Accept", accept),
               ("Accept-Encoding", "identity"), ("Connection", "close"), *extra]
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        for name, value in request:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read(settings.CAPTURE_MAX_BYTES + 1)
    except (OSError, http.client.HTTPException) as error:
        raise CaptureError(url, f"the fetch failed: {type(error).__name__}: {error}") from None
    finally:
        connection.close()
        _last_request[host] = time.monotonic()
    if len(body) > settings.CAPTURE_MAX_BYTES:
        raise CaptureError(url, f"refused: the page is over {settings.CAPTURE_MAX_BYTES:,} bytes")
    # the body is kept as it was sent, less the chunking http.client undid: a reader of the
    # WARC must not de-chunk it again
    headers = [(name, value) for name, value in response.getheaders()
               if name.lower() != "transfer-encoding"]
    return Exchange(url, [("GET", path), *request], f"{response.status} {response.reason}",
                    headers, body)


def _allowed_by_robots(url: str) -> bool:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin not in _robots:
        parser = urllib.robotparser.RobotFileParser()
        try:
            exchange = _get(f"{origin}/robots.txt")
        except CaptureError:
            parser = None  # no robots.txt to read: nothing is disallowed
        else:
            status = int(exchange.status.split()[0])
            if status >= 500:
                parser.disallow_all = True  # as the robots standard says of a server error
            elif status == 200:
                parser.parse(exchange.body.decode("utf-8", "replace").splitlines())
            else:
                parser.allow_all = True
        _robots[origin] = parser
    parser = _robots[origin]
    return parser is None or parser.can_fetch(USER_AGENT, url)


def fetch(url: str) -> Exchange:
    """The page at ``url``, following redirects; CaptureError when it is refused or fails."""
    seen = []
    for _ in range(settings.CAPTURE_MAX_REDIRECTS + 1):
        if not _allowed_by_robots(url):
            raise CaptureError(url, "refused: robots.txt disallows it")
        exchange = _get(url)
        status = int(exchange.status.split()[0])
        location = dict((k.lower(), v) for k, v in exchange.headers).get("location")
        if status in (301, 302, 303, 307, 308) and location:
            seen.append(url)
            url = urljoin(url, location)
            continue
        if status != 200:
            raise CaptureError(url, f"the server answered {exchange.status}")
        exchange.redirects = seen
        return exchange
    raise CaptureError(url, f"more than {settings.CAPTURE_MAX_REDIRECTS} redirects")


def write_warc(exchanges: list[Exchange], directory: Path | None = None) -> Path:
    """A new .warc.gz holding each exchange's request and response."""
    now = timezone.now()
    directory = Path(directory or settings.CAPTURE_DIR) / f"{now:%Y/%m/%d}"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"capture-{now:%Y%m%dT%H%M%S%f}.warc.gz"
    with open(path, "xb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for exchange in exchanges:
            date = {"WARC-Date": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")}
            method, path_ = exchange.request[0]
            request = writer.create_warc_record(
                exchange.url, "request", payload=BytesIO(b""), warc_headers_dict=date,
                http_headers=StatusAndHeaders(f"{method} {path_} HTTP/1.1",
                                              exchange.request[1:], is_http_request=True))
            response = writer.create_warc_record(
                exchange.url, "response", payload=BytesIO(exchange.body),
                warc_headers_dict=date,
                http_headers=StatusAndHeaders(exchange.status, exchange.headers,
                                              protocol="HTTP/1.1"))
            writer.write_request_response_pair(request, response)
    return path


def capture(urls: list[str], directory: Path | None = None) -> tuple[Path | None, list[CaptureError]]:
    """Fetch every URL; (the WARC file of those fetched, or None; the errors of the rest)."""
    exchanges, errors = [], []
    for url in urls:
        try:
            exchanges.append(fetch(url.strip()))
        except CaptureError as error:
            errors.append(error)
    return (write_warc(exchanges, directory) if exchanges else None), errors
