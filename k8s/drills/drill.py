"""What the drills under k8s/drills share: the packaged gateway as a process, signed chat load from
several threads, and a reader of what reached Kafka. Loopback only; every caller stops what it starts."""
import hashlib, hmac, http.client, json, os, socket, subprocess, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "drill-secret"
# the JVM options of k8s/base
JVM = ("-Xms256m -Xmx512m -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -XX:MaxDirectMemorySize=128m "
       "-Xss512k -XX:+ExitOnOutOfMemoryError").split()
BROKER_LIB = os.path.join(ROOT, "target/kafka-broker/lib")
LOADGEN_DIR = os.path.join(ROOT, "bench", "loadgen")


def loadgen_cmd(*args):
    """The command line of bench/loadgen (built on first use) with these arguments."""
    cp_file = os.path.join(LOADGEN_DIR, "target", "classpath.txt")
    if not os.path.exists(cp_file):
        subprocess.run(["mvn", "-B", "-q", "-f", os.path.join(LOADGEN_DIR, "pom.xml"), "compile",
                        "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt"], check=True)
    with open(cp_file) as f:
        cp = os.path.join(LOADGEN_DIR, "target", "classes") + ":" + f.read().strip()
    return ["java", "-cp", cp, "io.switchboard.bench.load.Main", *[str(a) for a in args]]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gateway_env(http_port, data_dir, **extra):
    env = dict(os.environ, SWITCHBOARD_CHAT_SECRET=SECRET, QUARKUS_HTTP_PORT=str(http_port),
               SWITCHBOARD_DATA_DIR=data_dir, SWITCHBOARD_KAFKA_EMBEDDED_LIB_DIR=BROKER_LIB)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_gateway(env, log_path):
    log = open(log_path, "w")
    return subprocess.Popen(["java", *JVM, "-jar", os.path.join(ROOT, "target/quarkus-app/quarkus-run.jar")],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def await_ready(proc, http_port, timeout=240):
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
            c.request("GET", "/q/health/ready")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("gateway on port %d not ready within %ds" % (http_port, timeout))


def stop(proc, timeout=60):
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()


def rss_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return 0
    return 0


class ChatLoad:
    """Signed chat webhooks from `threads` threads, round robin over `ports`, until stop()."""

    def __init__(self, ports, threads, prefix, visitors=50):
        self.ports, self.prefix, self.visitors = ports, prefix, visitors
        self.accepted, self.answers = set(), {}
        self.lock, self.stopped = threading.Lock(), threading.Event()
        self.counter = iter(range(10 ** 9))
        self.workers = [threading.Thread(target=self._send_loop, args=(i,), daemon=True) for i in range(threads)]
        for w in self.workers:
            w.start()

    def _send_loop(self, index):
        port = self.ports[index % len(self.ports)]
        conn = None
        while not self.stopped.is_set():
            with self.lock:
                n = next(self.counter)
            mid = "%s-%07d" % (self.prefix, n)
            visitor = "v-%d" % (n % self.visitors)
            body = json.dumps({"messageId": mid, "sessionId": "s-" + visitor, "visitor": {"id": visitor, "name": "Drill"},
                               "text": "My order SO-%d has not arrived" % n,
                               "sentAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "locale": "en-GB"})
            t = str(int(time.time()))
            sig = hmac.new(SECRET.encode(), (t + "." + body).encode(), hashlib.sha256).hexdigest()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("POST", "/webhooks/chat", body, {"Content-Type": "application/json",
                                                                "X-Switchboard-Signature": "t=%s,v1=%s" % (t, sig)})
                resp = conn.getresponse()
                resp.read()
                outcome = str(resp.status)
                if 200 <= resp.status < 300:
                    with self.lock:
                        self.accepted.add(mid)
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                outcome = type(e).__name__
                conn = None
                time.sleep(0.05)
            with self.lock:
                self.answers[outcome] = self.answers.get(outcome, 0) + 1

    def accepted_count(self):
        with self.lock:
            return len(self.accepted)

    def stop(self):
        self.stopped.set()
        for w in self.workers:
            w.join(15)


def read_topic(bootstrap, topic, field="channelMessageId"):
    """{value of `field`: how many records carry it} over the whole topic's committed records (Kafka's console consumer)."""
    out = subprocess.run(["java", "-cp", os.path.join(BROKER_LIB, "*"), "org.apache.kafka.tools.consumer.ConsoleConsumer",
                          "--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning", "--timeout-ms", "8000",
                          "--isolation-level", "read_committed"],
                         capture_output=True, text=True).stdout
    seen = {}
    for line in out.splitlines():
        if line.startswith("{"):
            key = json.loads(line)[field]
            seen[key] = seen.get(key, 0) + 1
    return seen


def await_records(bootstrap, topics, accepted, timeout=180):
    """Reads `topics` until every accepted message is there or the time is up; returns the counts."""
    deadline = time.time() + timeout
    while True:
        seen = {}
        for topic in topics:
            for key, n in read_topic(bootstrap, topic).items():
                seen[key] = seen.get(key, 0) + n
        if not (accepted - seen.keys()) or time.time() > deadline:
            return seen
        time.sleep(5)


def verdict(accepted, seen):
    """Prints lost / duplicated / extra and returns True when nothing was lost or duplicated."""
    missing = accepted - seen.keys()
    dup = {k: v for k, v in seen.items() if v > 1}
    extra = seen.keys() - accepted
    print("records: %d for %d distinct messages" % (sum(seen.values()), len(seen)))
    print("2xx without a record: %d; messages with more than one record: %d (extra records: %d); records of non-2xx "
          "requests (stored, answer lost): %d" % (len(missing), len(dup), sum(dup.values()) - len(dup), len(extra)))
    return not missing and not dup
