"""The deployed dashboards (docs/deploy.md): nginx, with TLS and sticky routing, in front of two `kyoso serve`.

The site is the documented ```nginx block, used verbatim but for host name, ports and certificate (a
self-signed one for `localhost`, which the clients trust), and the servers run with the documented production
settings (login required, behind the proxy, the proxy's host as the allowed origin).
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench import dashboards

NGINX = Path("/usr/sbin/nginx")
DOCUMENTED_HOST = "kyoso.example.go.jp"
DOCUMENTED_UPSTREAMS = ("127.0.0.1:5006", "127.0.0.1:5007")


def documented_site(deploy_md: Path, https_port: int, http_port: int, upstreams: tuple[int, ...], cert: Path,
                    key: Path) -> str:
    """The ```nginx block of docs/deploy.md with this machine's host name, ports and certificate."""
    site = re.search(r"```nginx\n(.*?)```", deploy_md.read_text(encoding="utf-8"), re.S).group(1)
    replacements = [(DOCUMENTED_HOST, "localhost"), ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                    ("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl"),
                    ("/etc/ssl/kyoso/fullchain.pem", str(cert)), ("/etc/ssl/kyoso/privkey.pem", str(key))]
    for documented, port in zip(DOCUMENTED_UPSTREAMS, upstreams, strict=True):
        here = f"127.0.0.1:{port}"
        replacements += [(documented, here), (re.escape(documented), re.escape(here))]  # as an address, in a regex
    for documented, here in replacements:
        if documented not in site:
            raise ValueError(f"docs/deploy.md's nginx site no longer has {documented!r}")
        site = site.replace(documented, here)
    return site


ROUTED = re.compile(r"^(\S+) \d+ upstream=(\S+) route=(\S*)")


def routed_requests(access_log: Path) -> list[tuple[str, str, str]]:
    """(uri, upstream address, route cookie) of every request in an access log written by `nginx_conf`."""
    return [ROUTED.search(line).groups() for line in access_log.read_text(encoding="utf-8").splitlines()]


def nginx_conf(prefix: Path, site: str) -> Path:
    """A non-root, non-daemon nginx around the site: every path under `prefix`, each request's upstream and
    route key logged."""
    temp = "\n".join(f"    {kind}_temp_path {prefix}/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = prefix / "nginx.conf"
    conf.write_text(f"""daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 1024; }}
http {{
    log_format routed '$request_uri $status upstream=$upstream_addr route=$cookie_kyoso_route';
    access_log {prefix}/access.log routed;
{temp}
{site}
}}
""", encoding="utf-8")
    return conf


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.1)
    raise TimeoutError(f"nginx did not listen on {port}")


@dataclass
class Deployment:
    url: str  # what the browsers open (https, through nginx)
    cert: Path  # the certificate the clients trust
    servers: list[subprocess.Popen]
    logs: list[Path]
    nginx: subprocess.Popen

    def stop(self) -> None:
        self.nginx.terminate()
        self.nginx.wait(timeout=10)
        for server in self.servers:
            dashboards.stop_server(server)


def start(env: dict, repo: Path, folder: Path, servers: int = 2) -> Deployment:
    """nginx on a free port in front of `servers` dashboard processes, as docs/deploy.md deploys them."""
    if not NGINX.exists():
        raise RuntimeError("nginx がありません（scripts/install_system.sh）/ nginx is missing: "
                           "run scripts/install_system.sh")
    folder.mkdir(parents=True, exist_ok=True)
    https_port, http_port = dashboards.free_port(), dashboards.free_port()
    production = env | {"KYOSO_REQUIRE_LOGIN": "1", "KYOSO_BEHIND_PROXY": "1",
                        "KYOSO_ALLOWED_ORIGINS": f"localhost:{https_port}"}
    started = [dashboards.start_server(production, repo, folder / f"serve-{n}.log") for n in range(1, servers + 1)]
    ports = tuple(int(url.rsplit(":", 1)[1]) for _, url, _ in started)
    cert, key = self_signed_certificate(folder)
    conf = nginx_conf(folder, documented_site(repo / "docs" / "deploy.md", https_port, http_port, ports, cert, key))
    nginx = subprocess.Popen([str(NGINX), "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(conf)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deployment = Deployment(f"https://localhost:{https_port}", cert, [server for server, _, _ in started],
                            [folder / f"serve-{n}.log" for n in range(1, servers + 1)], nginx)
    try:
        wait_for_port(https_port, nginx, folder / "error.log")
    except (RuntimeError, TimeoutError):
        deployment.stop()
        raise
    return deployment
