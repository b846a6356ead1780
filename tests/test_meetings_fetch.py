"""The safe fetcher for feed addresses typed on a web page: https only, public addresses only
(every one a name resolves to, checked again at every redirect), the connection pinned to the
address checked, one deadline, a size cap, and errors that say what went wrong without saying
where inside the network. No internet needed: literal addresses and `localhost` resolve for
real, other names through a patched `getaddrinfo`, and the HTTP exchanges go to a local
plain-HTTP server that a test policy names exactly."""

from __future__ import annotations

import gzip
import logging
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpline.meetings import fetch, pinned, sources
from helpline.meetings.fetch import FetchError
from tests.meeting_fixtures import SUSSEX

REAL_GETADDRINFO = socket.getaddrinfo


class FeedServer:
    """A local HTTP server; `routes` maps a path to a function answering the request."""

    def __init__(self) -> None:
        self.routes: dict = {}
        self.seen: list[tuple[str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                outer.seen.append((self.path, dict(self.headers)))
                outer.routes.get(self.path.split("?")[0], not_found)(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.policy = fetch.for_test_server("127.0.0.1", self.port)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def answer(body: bytes, status: int = 200, length: bool = True, **headers):
    """A route answering with this body (and a Content-Length unless told not to)."""
    def respond(handler):
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return respond


def redirect(location: str, status: int = 302):
    return answer(b"", status, Location=location)


def not_found(handler):
    answer(b"no such feed", 404)(handler)


def drip(handler, headers_too: bool = False):
    """A byte every 50 ms for as long as anyone listens: of the body, or of a header."""
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n" + (b"X-Slow: " if headers_too else b"\r\n"))
    for _ in range(400):
        try:
            handler.wfile.write(b"x" if headers_too else b" ")
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.05)


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.close()


def resolving(monkeypatch, names: dict[str, list[str]], calls: list | None = None):
    """getaddrinfo answering these names with these addresses; literals resolve for real."""
    def getaddrinfo(host, port, *args, **kwargs):
        if calls is not None:
            calls.append(host)
        if host not in names:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        if not names[host]:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (ip, port) if ":" not in ip else (ip, port, 0, 0)) for ip in names[host]]
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def refused(url: str, **kwargs) -> str:
    with pytest.raises(FetchError) as caught:
        fetch.fetch(url, **kwargs)
    return str(caught.value)


# ---- what an address may be ---------------------------------------------------------------

@pytest.mark.parametrize("url", ["http://feeds.example.org/meetings.json",
                                 "HTTP://feeds.example.org/"])
def test_a_plain_http_address_is_refused_with_a_clear_message(url):
    assert refused(url) == fetch.HTTPS_ONLY
    with pytest.raises(FetchError, match="Only https://"):
        fetch.check(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "/etc/passwd", "../instance/.env",
                                 "etc/passwd", "ftp://example.org/feed.json",
                                 "gopher://example.org/", "https://", "https:///etc/passwd",
                                 "https://exa mple.org/", "https://example.org\\@10.0.0.1/",
                                 "", "javascript:alert(1)"])
def test_files_paths_and_other_schemes_are_never_fetched(url):
    assert refused(url) in (fetch.NOT_AN_ADDRESS, fetch.HTTPS_ONLY)


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/feed", "https://127.1.2.3:8443/", "https://localhost/feed",
    "https://[::1]/", "https://0.0.0.0/", "https://10.0.0.7/", "https://172.16.5.4/",
    "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/",
    "https://[fe80::1]/", "https://[fc00::1]/", "https://224.0.0.1/", "https://240.0.0.1/",
    "https://100.64.0.1/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:10.0.0.1]/",
    "https://[2002:7f00:1::]/", "https://[64:ff9b::a00:1]/", "https://2130706433/",
    "https://0x7f.1/",
])
def test_loopback_private_link_local_and_reserved_addresses_are_refused(url):
    assert refused(url) == fetch.UNREACHABLE
    with pytest.raises(FetchError, match="not reachable from here"):
        fetch.check(url)


def test_a_name_is_refused_when_any_of_its_addresses_is_private(monkeypatch):
    resolving(monkeypatch, {"mixed.example": ["93.184.216.34", "10.1.2.3"],
                            "inside.example": ["fd00::5"],
                            "public.example": ["93.184.216.34", "2606:2800:220:1::1"]})
    assert refused("https://mixed.example/feed") == fetch.UNREACHABLE
    assert refused("https://inside.example/feed") == fetch.UNREACHABLE
    fetch.check("https://public.example/feed")  # no error: it may be tried


def test_an_unknown_name_says_so_and_a_slow_resolver_counts_against_the_deadline(monkeypatch):
    resolving(monkeypatch, {"nowhere.example": []})
    assert refused("https://nowhere.example/") == fetch.NOT_FOUND
    release = threading.Event()
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: release.wait(10) and [])
    started = time.monotonic()
    try:
        assert refused("https://slow.example/", seconds=0.3) == "It took longer than 0.3 s"
    finally:
        release.set()
    assert time.monotonic() - started < 2


def test_the_production_policy_reaches_no_local_server(server):
    server.routes["/feed"] = answer(b"[]")
    assert fetch.fetch.__kwdefaults__["policy"] is fetch.SAFE
    assert fetch.SAFE.schemes == {"https"} and not fetch.SAFE.test_servers
    assert refused(server.url + "/feed") == fetch.HTTPS_ONLY
    assert refused(f"https://127.0.0.1:{server.port}/feed") == fetch.UNREACHABLE
    assert server.seen == []


# ---- fetching -----------------------------------------------------------------------------

def test_a_feed_is_fetched_whole_and_gzip_is_undone(server):
    feed = SUSSEX.read_bytes()  # several reads' worth
    server.routes["/feed.json"] = answer(feed)
    server.routes["/packed.json"] = answer(gzip.compress(feed), Content_Encoding="gzip")
    assert fetch.fetch(server.url + "/feed.json", policy=server.policy) == feed
    assert fetch.fetch(server.url + "/packed.json", policy=server.policy) == feed
    path, headers = server.seen[0]
    assert headers["User-Agent"] == fetch.USER_AGENT and headers["Host"].startswith("127.0.0.1")


def test_an_error_status_is_named_and_the_body_is_not_shown(server):
    server.routes["/gone"] = answer(b"<h1>internal stack trace at 10.0.0.3</h1>", 404)
    server.routes["/broken"] = answer(b"Traceback...", 500)
    assert refused(server.url + "/gone", policy=server.policy) == "The server answered 404"
    assert refused(server.url + "/broken", policy=server.policy) == "The server answered 500"


def test_redirects_are_followed_by_hand_up_to_five(server):
    server.routes["/feed"] = answer(b"[1]")
    for hop in range(1, 6):
        server.routes[f"/hop{hop}"] = redirect(f"/hop{hop + 1}" if hop < 5 else "/feed",
                                               status=(301, 302, 303, 307, 308)[hop - 1])
    server.routes["/loop"] = redirect("/loop")
    assert fetch.fetch(server.url + "/hop1", policy=server.policy) == b"[1]"
    assert refused(server.url + "/loop", policy=server.policy) == fetch.TOO_MANY_REDIRECTS
    assert len([path for path, _ in server.seen if path == "/loop"]) == fetch.MAX_REDIRECTS + 1


def test_every_redirect_is_checked_again(server, monkeypatch):
    other = socket.create_server(("127.0.0.1", 0))  # another local service: never reached
    try:
        other_port = other.getsockname()[1]
        resolving(monkeypatch, {"metadata.example": ["169.254.169.254"]})
        server.routes["/to-loopback"] = redirect(f"http://127.0.0.1:{other_port}/admin")
        server.routes["/to-localhost"] = redirect(f"http://localhost:{other_port}/")
        server.routes["/to-metadata"] = redirect("http://metadata.example/latest/")
        server.routes["/to-file"] = redirect("file:///etc/passwd")
        for path in ("/to-loopback", "/to-localhost", "/to-metadata"):
            assert refused(server.url + path, policy=server.policy) == fetch.UNREACHABLE
        assert refused(server.url + "/to-file", policy=server.policy) == fetch.REDIRECTED_AWAY
        other.settimeout(0.1)
        with pytest.raises(TimeoutError):
            other.accept()  # nobody connected to it
    finally:
        other.close()


def test_a_redirect_from_an_https_address_to_http_is_refused(server):
    """The production policy: an https feed that redirects to http:// is not followed."""
    target = fetch.target("https://feeds.example.org/a")
    with pytest.raises(FetchError) as caught:
        fetch.target("http://feeds.example.org/b", fetch.SAFE, redirected=True)
    assert target.scheme == "https" and str(caught.value) == fetch.REDIRECTED_AWAY


def test_the_connection_goes_to_the_address_checked_not_to_a_second_lookup(server,
                                                                            monkeypatch):
    """DNS rebinding: the name is looked up once per hop; a later answer is never used."""
    calls: list[str] = []
    answers = iter([["127.0.0.1"], ["10.9.9.9"], ["10.9.9.9"]])

    def rebinding(host, port, *args, **kwargs):
        calls.append(host)
        ip = next(answers)[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    server.routes["/feed"] = answer(b"[2]")
    assert fetch.fetch(f"http://feeds.test:{server.port}/feed", policy=server.policy) == b"[2]"
    assert calls == ["feeds.test"]
    assert server.seen[0][1]["Host"] == f"feeds.test:{server.port}"


# ---- limits -------------------------------------------------------------------------------

def test_a_feed_past_the_size_cap_is_refused_while_it_is_read(server):
    big = b"[" + b" " * 300_000 + b"]"
    server.routes["/declared"] = answer(big)
    server.routes["/streamed"] = answer(big, length=False)
    server.routes["/bomb"] = answer(gzip.compress(b"0" * 5_000_000), Content_Encoding="gzip")
    for path in ("/declared", "/streamed", "/bomb"):
        assert refused(server.url + path, policy=server.policy,
                       limit=100 * 1024) == "The feed is larger than 100 KB"
    assert fetch.fetch(server.url + "/streamed", policy=server.policy, limit=400_000) == big


def test_a_feed_declaring_more_than_20_mb_is_refused_before_it_is_read(server):
    def boasts(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(21 * 2**20))
        handler.end_headers()
        handler.wfile.write(b"[]")

    server.routes["/huge"] = boasts
    assert refused(server.url + "/huge", policy=server.policy) == "The feed is larger than 20 MB"


@pytest.mark.parametrize("slow_part", ["body", "headers"])
def test_one_deadline_covers_the_whole_fetch(server, slow_part):
    server.routes["/drip"] = lambda handler: drip(handler, headers_too=slow_part == "headers")
    started = time.monotonic()
    assert refused(server.url + "/drip", policy=server.policy, seconds=1) == \
        "It took longer than 1 s"
    assert time.monotonic() - started < 3


def test_a_server_that_never_answers_is_given_up_at_the_deadline():
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never replies
    try:
        port = silent.getsockname()[1]
        started = time.monotonic()
        assert refused(f"http://127.0.0.1:{port}/", seconds=0.5,
                       policy=fetch.for_test_server("127.0.0.1", port)) == \
            "It took longer than 0.5 s"
        assert time.monotonic() - started < 2.5
    finally:
        silent.close()


# ---- what is said, and where ----------------------------------------------------------------

def test_credentials_and_tokens_in_the_url_are_never_logged(server, caplog):
    caplog.set_level(logging.INFO, logger="helpline.meetings.fetch")
    server.routes["/feed"] = answer(b"[3]")
    url = f"http://alice:s3cret-pw@127.0.0.1:{server.port}/feed?token=tok-abc123"
    assert fetch.fetch(url, policy=server.policy) == b"[3]"
    assert refused(url.replace("/feed", "/missing"), policy=server.policy) == \
        "The server answered 404"
    assert server.seen[0][1]["Authorization"] == "Basic YWxpY2U6czNjcmV0LXB3"
    assert "host=127.0.0.1" in caplog.text
    for secret in ("s3cret", "alice", "tok-abc123", "token=", "/missing"):
        assert secret not in caplog.text
    assert fetch.redacted(url) == f"http://127.0.0.1:{server.port}/feed?…"


def test_a_password_is_not_sent_on_to_another_host(server):
    second = FeedServer()
    try:
        policy = fetch.Policy(frozenset({"http"}), frozenset({("127.0.0.1", server.port),
                                                              ("127.0.0.1", second.port)}))
        second.routes["/feed"] = answer(b"[4]")
        server.routes["/moved"] = redirect(f"{second.url}/feed")
        url = f"http://alice:pw@127.0.0.1:{server.port}/moved"
        assert fetch.fetch(url, policy=policy) == b"[4]"
        assert "Authorization" in server.seen[0][1]
        assert "Authorization" not in second.seen[0][1]
    finally:
        second.close()


def test_a_source_reads_local_files_only_for_the_command_line(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_bytes(b"[]")
    assert sources.read(str(feed), local_files=True) == b"[]"
    for location in (str(feed), f"file://{feed}", "upload:feed.json"):
        with pytest.raises(sources.SourceError):
            sources.read(location)
    with pytest.raises(sources.SourceError, match="Only https://"):
        sources.read("http://feeds.example.org/meetings.json", local_files=True)


# ---- TLS ----------------------------------------------------------------------------------

@pytest.fixture
def tls_server(server, tmp_path):
    """The same server behind TLS, with a certificate for feeds.test (made with openssl)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=feeds.test",
                    "-addext", "subjectAltName=DNS:feeds.test",
                    "-addext", "basicConstraints=critical,CA:TRUE"],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.names = []
    context.sni_callback = lambda sock, name, ctx: server.names.append(name)
    server.server.socket = context.wrap_socket(server.server.socket, server_side=True)
    server.cert = cert
    server.policy = fetch.Policy(frozenset({"https"}), frozenset({("127.0.0.1", server.port)}))
    return server


def test_https_goes_to_the_pinned_address_with_the_name_for_tls(tls_server, monkeypatch):
    resolving(monkeypatch, {"feeds.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    tls_server.routes["/feed"] = answer(b"[5]")
    url = f"https://feeds.test:{tls_server.port}/feed"
    assert refused(url, policy=tls_server.policy) == fetch.CERTIFICATE  # not a trusted issuer
    monkeypatch.setattr(pinned.certifi, "where", lambda: str(tls_server.cert))
    assert fetch.fetch(url, policy=tls_server.policy) == b"[5]"
    assert tls_server.names[-1] == "feeds.test"
    assert tls_server.seen[-1][1]["Host"] == f"feeds.test:{tls_server.port}"
    wrong_name = f"https://other.test:{tls_server.port}/feed"  # same address, other name
    assert refused(wrong_name, policy=tls_server.policy) == fetch.CERTIFICATE
