# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""Fixtures for net_qoe tests: dpdk-testpmd driven through its stdin and
read through DPDK telemetry, real ngtcp2 captures, network namespaces.

Counters come from telemetry (/ethdev/xstats, /ethdev/stats, /ethdev/info),
never from testpmd's human output; every wait is for a condition.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from ksft import KsftFailEx, defer, ksft_log, wait_until  # noqa: E402
import qoe_pcap  # noqa: E402

RUN_DIR = "/var/run/dpdk"
SUITES = {
    "aes-128-gcm": "AES-128-GCM",
    "aes-256-gcm": "AES-256-GCM",
    "chacha20-poly1305": "CHACHA20-POLY1305",
    "aes-128-ccm": "AES-128-CCM",
}


def gtls_ciphers(cipher):
    return f"--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+{SUITES[cipher]}"


class Telemetry:
    """A client of one DPDK process's telemetry socket."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.s.connect(path)
        self.info = json.loads(self.s.recv(16384))

    def __call__(self, cmd):
        """The reply's value; its size in bytes is left in .last_len."""
        self.s.send(cmd.encode())
        raw = self.s.recv(1 << 20)
        self.last_len = len(raw)
        return json.loads(raw)[cmd.split(",")[0]]

    def close(self):
        self.s.close()


class PmdEnv:
    """A PMD to preload and a work directory: what Testpmd needs."""

    def __init__(self, so):
        self.so = os.path.abspath(so)
        self.work = tempfile.mkdtemp(prefix="qoe-dpdk.")
        self.n = 0

    def uniq(self, what):
        """A name of this run only (file prefixes, namespaces, taps)."""
        self.n += 1
        return f"qoe{what}{os.getpid()}x{self.n}"

    def dir(self, name):
        d = os.path.join(self.work, name)
        os.makedirs(d, exist_ok=True)
        return d

    def cleanup(self):
        if not os.environ.get("QOE_KEEP"):
            shutil.rmtree(self.work, ignore_errors=True)


class Env(PmdEnv):
    """What every test of tests/dpdk shares: the build, a work directory,
    the tools, the network."""

    def __init__(self, out):
        self.out = os.path.abspath(out)
        self.flowgen = os.environ.get("QOE_FLOWGEN") or os.path.join(
            os.path.dirname(self.out), "qoe-flowgen")
        for t in ("dpdk-testpmd", "tshark", "dumpcap", "gtlsserver",
                  "gtlsclient", "openssl", "unshare", "ip"):
            if shutil.which(t) is None:
                sys.exit(f"qoe_dpdk_test: {t} not found (bash scripts/install-deps.sh "
                         "dpdk installs the test dependencies)")
        so = os.path.join(self.out, "librte_net_qoe.so")
        if not os.path.isfile(so) or not os.access(self.flowgen, os.X_OK):
            sys.exit(f"qoe_dpdk_test: build {so} and {self.flowgen} first "
                     "(make dpdk-pmd flowgen)")
        super().__init__(so)
        self.netns = not os.environ.get("QOE_NO_NETNS") and subprocess.run(
            ["unshare", "-n", "true"], capture_output=True).returncode == 0
        self.sport = 4433 if self.netns else 20000 + os.getpid() % 40000
        self._cert = False

    def cert(self):
        """A self-signed certificate and a document tree for gtlsserver."""
        if not self._cert:
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                            f"{self.work}/key.pem", "-out", f"{self.work}/crt.pem",
                            "-days", "2", "-subj", "/CN=localhost"],
                           check=True, capture_output=True)
            os.makedirs(f"{self.work}/htdocs", exist_ok=True)
            with open(f"{self.work}/htdocs/blob", "wb") as f:
                f.write(os.urandom(3000000))
            self._cert = True

    def flowgen_run(self, keys, cipher, direction, cep, sep, ccid, scid,
                    updates=1):
        p = subprocess.run([self.flowgen, "-u", str(updates), keys, cipher,
                            direction, cep, sep, ccid, scid],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise KsftFailEx(f"qoe-flowgen {direction}: {p.stderr.strip()}")
        return p.stdout

class Testpmd:
    """dpdk-testpmd with net_qoe preloaded, its own file prefix and log.

    Commands go to its stdin (interactive mode); state is read over
    telemetry.  It is stopped and its EAL runtime directory removed when
    the case ends, or through @cleanup for one that outlives a case.
    """

    def __init__(self, env, name, vdevs, app_args=(), lcores="0-1",
                 log_level=None, cleanup=defer):
        self.env = env
        self.prefix = env.uniq("tp")
        self.log = os.path.join(env.work, f"{name}.log")
        cmd = ["dpdk-testpmd", "-l", lcores, "--no-huge", "-m", "512",
               "--no-pci", f"--file-prefix={self.prefix}"]
        cmd += [f"--vdev={v}" for v in vdevs]
        if log_level:
            cmd.append(f"--log-level={log_level}")
        cmd += ["--", "-i", "--total-num-mbufs=16384"] + list(app_args)
        self.cmd = cmd
        self.logf = open(self.log, "w")
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=self.logf,
                                  stderr=subprocess.STDOUT, text=True,
                                  env=dict(os.environ, LD_PRELOAD=env.so))
        self.tel = None
        # at the end of the case (defer), or when the caller says
        cleanup(self.close)

    def text(self):
        with open(self.log) as f:
            return f.read()

    def connect(self, timeout=60):
        """Wait for telemetry (the EAL is up, every vdev probed)."""
        path = os.path.join(RUN_DIR, self.prefix, "dpdk_telemetry.v2")

        def up():
            if self.p.poll() is not None:
                raise KsftFailEx(f"testpmd exited {self.p.returncode}: "
                                 + self.text()[-1500:])
            try:
                self.tel = Telemetry(path)
                return True
            except OSError:
                return False
        wait_until(up, "testpmd telemetry socket", timeout)
        return self

    def ports(self):
        return self.tel("/ethdev/list")

    def started(self, timeout=60):
        """Wait until every port is started (testpmd at its prompt)."""
        wait_until(lambda: self.ports() and all(
            self.tel(f"/ethdev/info,{p}")["dev_started"] for p in self.ports()),
            "every port started", timeout)
        return self

    def send(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def xstats(self, port):
        return self.tel(f"/ethdev/xstats,{port}")

    def stats(self, port):
        return self.tel(f"/ethdev/stats,{port}")

    def quit(self, timeout=60):
        """quit, and the exit status."""
        if self.tel:
            self.tel.close()
            self.tel = None
        if self.p.poll() is None:
            try:
                self.send("quit")
                self.p.stdin.close()
            except BrokenPipeError:
                pass
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            raise KsftFailEx(f"testpmd did not quit in {timeout} s")

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()
        self.logf.close()
        shutil.rmtree(os.path.join(RUN_DIR, self.prefix), ignore_errors=True)


def run_pcap(env, name, vdevs, done, port_stats):
    """A testpmd forwarding between pcap-backed ports until done(tp) says
    every packet crossed; returns {port: xstats} for @port_stats."""
    tp = Testpmd(env, name, vdevs, ["--no-flush-rx"]).connect().started()
    tp.send("start")
    try:
        wait_until(lambda: done(tp), f"{name}: every packet forwarded", 60)
    except KsftFailEx as e:
        raise KsftFailEx(f"{e}; ports: " + ", ".join(
            f"{p}: " + " ".join(f"{k} {v}" for k, v in tp.stats(p).items()
                                if k in ("ipackets", "opackets", "oerrors"))
            for p in tp.ports())) from None
    tp.send("stop")
    out = {p: tp.xstats(p) for p in port_stats}
    rc = tp.quit()
    if rc != 0:
        raise KsftFailEx(f"{name}: testpmd exit {rc}")
    return out


class Netns:
    """A network namespace of this run, deleted when the test ends."""

    def __init__(self, env):
        self.name = env.uniq("ns")
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        defer(subprocess.run, ["ip", "netns", "del", self.name])

    def ip(self, *args):
        subprocess.run(["ip", "-n", self.name] + list(args), check=True)

    def cmd(self, args):
        return ["ip", "netns", "exec", self.name] + list(args)


def kill(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def spawn(args, log, **kw):
    """A background process whose output goes to @log, stopped at the end."""
    f = open(log, "w")
    p = subprocess.Popen(args, stdout=f, stderr=subprocess.STDOUT, **kw)
    defer(f.close)
    defer(kill, p)
    return p


def capture(env, d, key_update_ms, cipher):
    """One gtlsclient -> gtlsserver download on an isolated loopback,
    captured: d/cap.pcap (checksums fixed), d/empty.pcap, d/keys.log."""
    env.cert()
    os.makedirs(d, exist_ok=True)
    script = r'''
d=$1; w=$2; port=$3; shift 3
ip link set lo up 2>/dev/null
dumpcap -q -P -B 64 -i lo -f "udp port $port" -w "$d/raw.pcap" >"$d/dumpcap.log" 2>&1 &
dp=$!
until grep -q Capturing "$d/dumpcap.log" 2>/dev/null; do kill -0 $dp || exit 1; sleep 0.05; done
(cd "$w" && exec gtlsserver -q --max-gso-dgrams=1 -d htdocs 127.0.0.1 $port key.pem crt.pem) >"$d/server.log" 2>&1 &
sv=$!
until ss -Hlun "sport = :$port" | grep -q .; do kill -0 $sv || exit 1; sleep 0.05; done
SSLKEYLOGFILE=$d/keys.log timeout 30 gtlsclient -q --exit-on-all-streams-close \
	--max-udp-payload-size=1350 --no-pmtud "$@" 127.0.0.1 $port \
	https://localhost/blob >"$d/client.log" 2>&1
echo "client exit $?" >>"$d/client.log"
kill $sv; wait $sv
kill -INT $dp; wait $dp
'''
    wrap = ["unshare", "-n"] if env.netns else []
    subprocess.run(wrap + ["bash", "-c", script, "capture", d, env.work,
                           str(env.sport), f"--key-update={key_update_ms}ms",
                           gtls_ciphers(cipher)], timeout=120)
    hdr, pkts = qoe_pcap.packets(f"{d}/raw.pcap")
    qoe_pcap.write(f"{d}/cap.pcap", hdr, [qoe_pcap.fix_udp(p) for p in pkts])
    qoe_pcap.write(f"{d}/empty.pcap", hdr, [])
    with open(f"{d}/dumpcap.log") as f:
        log = f.read()
    m = re.search(r"received/dropped on interface [^\n]*?: (\d+)/(\d+) ", log)
    return int(m.group(2)) if m else None


def tshark_fields(pcap, keys, fields, filt):
    """Rows of tshark -T fields (with the key log for decryption)."""
    args = ["tshark", "-r", pcap, "-T", "fields"]
    if keys:
        args += ["-o", f"tls.keylog_file:{keys}"]
    for f in fields:
        args += ["-e", f]
    args += ["-Y", filt]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def ksft_logfile(path, last=15):
    try:
        with open(path) as f:
            lines = f.read().splitlines()[-last:]
    except OSError:
        lines = ["(missing)"]
    ksft_log(f"--- {os.path.basename(path)} (last lines)")
    ksft_log("\n".join("  " + line for line in lines))


__all__ = ["Env", "PmdEnv", "Testpmd", "Telemetry", "Netns", "run_pcap", "capture",
           "tshark_fields", "spawn", "kill", "ksft_logfile", "gtls_ciphers"]
