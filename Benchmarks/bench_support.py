"""What both benchmark scripts need: a release server on a free loopback port with a fresh data directory and
known provisioning credentials, and a keep-alive JSON client with Basic auth."""
import base64, contextlib, http.client, json, os, re, shutil, socket, subprocess, tempfile, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, tries=300):
    """Until something accepts connections on the loopback port (a server starting), at most tries × 0.1 s."""
    for _ in range(tries):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


@contextlib.contextmanager
def server(binary, key, secret, account, user_limit, extra_env=None):
    """Yields (process, port, data_dir) of `gatehouse serve` on a temporary data directory, its seat limit raised;
    the directory is removed afterwards (a 100,000-user run leaves over a gigabyte)."""
    data_dir = tempfile.mkdtemp(prefix="gatehouse-bench-")
    port = free_port()
    env = dict(os.environ, GATEHOUSE_ACCOUNT_URL=f"account://{key}:{secret}@{account}", **(extra_env or {}))
    process = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        subprocess.run([binary, "account", "--data-dir", data_dir, "--user-limit", str(user_limit)], check=True,
                       capture_output=True)
        yield process, port, data_dir
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


def wait_for_mail(data_dir, quiet_seconds=3, limit=900):
    """Until the outbox has stopped growing for quiet_seconds: every user created queues an invitation, and a
    figure measured while the mail worker still writes thousands of them (a file and an fsync each) measures
    the mail worker too. Returns the seconds waited."""
    outbox = os.path.join(data_dir, "outbox")
    started = time.monotonic()
    last, since = -1, time.monotonic()
    while time.monotonic() - started < limit:
        count = len(os.listdir(outbox)) if os.path.isdir(outbox) else 0
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet_seconds:
            break
        time.sleep(0.5)
    return time.monotonic() - started


class Client:
    def __init__(self, port, key, secret):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
                        "Content-Type": "application/json"}

    def call(self, method, path, body=None, ok=(200, 201)):
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=self.headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status not in ok:
            raise RuntimeError(f"{method} {path}: {r.status} {data[:300]!r}")
        return json.loads(data) if data else None


def wrk(url, connections, seconds, script=None):
    """wrk on loopback: (requests/s, p50 ms, p99 ms, its whole output)."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    # A figure of refusals or broken requests is no figure.
    if re.search(r"Non-2xx or 3xx responses|Socket errors:.*(read|write|timeout) [1-9]", out):
        raise RuntimeError(f"wrk {url}: requests failed\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    return rps, pct(50), pct(99), out
