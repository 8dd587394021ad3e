#!/usr/bin/env python3
"""DNSSEC test lab: signed private root + lab zones behind a DoH front end.

    lab.py start --dir DIR [--owner-pid PID]   start (or reuse) the lab, print one JSON line
    lab.py stop --dir DIR                      stop it

Layout (all on 127.0.0.1, ports picked at start):
    named (authoritative, every zone)  <- stripping proxy (UDP+TCP)
        <- Unbound (iterator only, forwards everything to the proxy)
        <- DoH front end (HTTP/1.1, CORS, fault paths)
and the stale world beside it (a resolver still holding the state before a DS
rollover): a second named, proxy and Unbound, on the front end's /stale path.

`start` spawns a supervisor process (`lab.py _serve`) that runs the proxy and
the DoH server in-process and owns named and Unbound as children (they die
with it). With --owner-pid the supervisor stops the lab once every registered
owner process has exited. See README.md beside this file.
"""

import argparse
import ctypes
import fcntl
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

# The helper modules sit beside this script; keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dnswire  # noqa: E402
import servers  # noqa: E402
import zones  # noqa: E402

START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
WATCH_INTERVAL = 0.5
PERSISTENT_OWNER = "persistent"


class Paths:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.lock = os.path.join(self.root, "lab.lock")
        self.state = os.path.join(self.root, "state.json")
        self.log = os.path.join(self.root, "lab.log")
        self.owners = os.path.join(self.root, "owners")
        self.source = os.path.join(self.root, "source.sha256")
        self.build = os.path.join(self.root, "build")
        self.run = os.path.join(self.root, "run")
        self.anchor = os.path.join(self.root, "anchor.ds")
        self.delv_anchor = os.path.join(self.root, "anchors.conf")


def log(msg):
    print(f"lab: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Processes and ports
# --------------------------------------------------------------------------

def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); treat it as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def cmdline_contains(pid, needle):
    """Guards against signalling an unrelated process that reused a pid."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return needle.encode() in f.read()
    except OSError:
        return False


def terminate(pid, needle, timeout=STOP_TIMEOUT):
    """SIGTERM pid (if it is still ours), then SIGKILL after timeout."""
    if not pid or not pid_alive(pid) or not cmdline_contains(pid, needle):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def free_port(exclude=()):
    """A loopback port free for both UDP and TCP right now."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            if port in exclude:
                continue
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port


def bind_udp_tcp():
    """Bound UDP and TCP sockets sharing one free loopback port."""
    while True:
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.bind(("127.0.0.1", 0))
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            udp.bind(("127.0.0.1", tcp.getsockname()[1]))
            return udp, tcp
        except OSError:
            tcp.close()
            udp.close()


def _die_with_parent():
    """preexec_fn: the kernel sends SIGTERM to the child when the supervisor dies."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


# --------------------------------------------------------------------------
# Configuration of named and Unbound
# --------------------------------------------------------------------------

def named_conf(directory, port, zone_files):
    zone_clauses = "".join(
        f'zone "{z["name"]}" {{ type primary; file "{z["file"]}"; }};\n' for z in zone_files)
    return f"""options {{
    directory "{directory}";
    pid-file none;
    session-keyfile none;
    listen-on port {port} {{ 127.0.0.1; }};
    listen-on-v6 {{ none; }};
    recursion no;
    dnssec-validation no;
    notify no;
    allow-transfer {{ none; }};
    minimal-responses yes;
}};
controls {{ }};
logging {{
    channel out {{ stderr; severity warning; }};
    category default {{ out; }};
    category lame-servers {{ null; }};
}};
{zone_clauses}"""


def unbound_conf(paths, port, proxy_port):
    # Iterator only (no validation): it behaves like a public resolver queried
    # with CD=1 and follows CNAME/DNAME chains across zones. Every query goes
    # to the proxy; the short infra/negative TTLs keep failures from sticking.
    return f"""server:
    interface: 127.0.0.1
    port: {port}
    do-ip6: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "{paths.run}"
    pidfile: ""
    use-syslog: no
    logfile: ""
    verbosity: 0
    num-threads: 1
    module-config: "iterator"
    do-not-query-localhost: no
    access-control: 127.0.0.0/8 allow
    qname-minimisation: no
    cache-max-negative-ttl: 5
    infra-host-ttl: 5
    infra-keep-probing: yes
forward-zone:
    name: "."
    forward-addr: 127.0.0.1@{proxy_port}
"""


# --------------------------------------------------------------------------
# Supervisor (`lab.py _serve`)
# --------------------------------------------------------------------------

def wait_dns(port, name, qtype, deadline):
    """Wait until the DNS server on port answers name/qtype with NOERROR."""
    query = dnswire.build_query(name, qtype)
    while True:
        try:
            if dnswire.rcode(dnswire.exchange(query, port, 0.5)) == 0:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"no answer for {name} on port {port}")
        time.sleep(0.05)


def owners_alive(paths):
    """True while some registered owner is alive (or the lab is persistent)."""
    try:
        entries = os.listdir(paths.owners)
    except FileNotFoundError:
        return False
    for entry in entries:
        if entry == PERSISTENT_OWNER or (entry.isdigit() and pid_alive(int(entry))):
            return True
    return False


def serve(paths):
    """Run the lab until SIGTERM, a crashed child, or the last owner's exit."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with open(os.path.join(paths.build, "meta.json")) as f:
        meta = json.load(f)
    # Two worlds, each named <- proxy <- Unbound: the current one, and the stale one (the
    # state before a DS rollover, see zones._stale_copies).
    worlds = {"": meta["zones"], "-stale": meta["stale_zones"]}
    proxy_sockets, ports, used = {}, {}, set()
    for world in worlds:
        proxy_sockets[world] = bind_udp_tcp()
        used.add(proxy_sockets[world][1].getsockname()[1])
    for world in worlds:
        ports["proxy" + world] = proxy_sockets[world][1].getsockname()[1]
        for server in ("named", "unbound"):
            ports[server + world] = free_port(exclude=used)
            used.add(ports[server + world])
    # Bound but never listening: connections to it are refused.
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    closed.bind(("127.0.0.1", 0))
    unbound_port = ports["unbound"]

    commands = []
    for world, zone_files in worlds.items():
        directory = os.path.join(paths.run, "named" + world)
        os.makedirs(directory, exist_ok=True)
        named_conf_path = os.path.join(paths.run, f"named{world}.conf")
        unbound_conf_path = os.path.join(paths.run, f"unbound{world}.conf")
        with open(named_conf_path, "w") as f:
            f.write(named_conf(directory, ports["named" + world], zone_files))
        with open(unbound_conf_path, "w") as f:
            f.write(unbound_conf(paths, ports["unbound" + world], ports["proxy" + world]))
        commands += [("named" + world, ["named", "-f", "-4", "-n", "1", "-c", named_conf_path]),
                     ("unbound" + world, ["unbound", "-d", "-c", unbound_conf_path])]

    # Children are spawned before any thread exists (preexec_fn is then safe).
    children = {}
    for name, args in commands:
        with open(os.path.join(paths.run, f"{name}.log"), "w") as out:
            children[name] = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out,
                                              stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)

    rules = servers.StripRules(zones.STRIP_DENIAL_ZONES, zones.STRIP_DNSKEY_ZONES)
    proxies = [servers.DnsProxy(*proxy_sockets[world], ports["named" + world], rules)
               for world in worlds]
    for proxy in proxies:
        proxy.start()
    # The DoH front end: /dns-query (and /current/dns-query) ask the current world's
    # Unbound, /stale/dns-query the stale one's.
    doh = servers.start_doh(unbound_port, {"current": unbound_port, "stale": ports["unbound-stale"]})
    doh_base = f"http://127.0.0.1:{doh.server_address[1]}"

    def shutdown():
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        for child in children.values():
            try:
                child.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        doh.shutdown()
        doh.server_close()
        for proxy in proxies:
            proxy.stop()
        closed.close()

    try:
        deadline = time.monotonic() + START_TIMEOUT
        for world in worlds:
            wait_dns(ports["named" + world], ".", dnswire.TYPE_SOA, deadline)
            wait_dns(ports["proxy" + world], ".", dnswire.TYPE_SOA, deadline)
            wait_dns(ports["unbound" + world], "www.alg13.lab.", dnswire.TYPE_A, deadline)
        query = dnswire.build_query("www.alg13.lab.", dnswire.TYPE_A, msg_id=0)
        for path in ("dns-query", "stale/dns-query"):
            request = urllib.request.Request(f"{doh_base}/{path}", data=query, headers={
                "Content-Type": "application/dns-message", "Accept": "application/dns-message"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if dnswire.rcode(response.read()) != 0:
                    raise RuntimeError(f"DoH front end self-test failed (/{path})")
    except Exception:
        shutdown()
        raise

    public = {
        "doh": f"{doh_base}/dns-query",
        "dns_port": unbound_port,
        "anchor_file": paths.anchor,
        "delv_anchor_file": paths.delv_anchor,
        "faults": {name: f"{doh_base}/{name}/dns-query" for name in servers.FAULTS},
        # Resolvers that serve different states (compare mode): "current" asks the same
        # Unbound as "doh"; "stale" one that still holds the state before the DS rollovers.
        "resolvers": {"current": f"{doh_base}/current/dns-query",
                      "stale": f"{doh_base}/stale/dns-query"},
        "stale_dns_port": ports["unbound-stale"],
        # The key tags of each rolled zone's new and old KSK.
        "rollovers": meta["rollovers"],
        "ports": {**ports, "doh": doh.server_address[1]},
    }
    public["faults"]["closed"] = f"http://127.0.0.1:{closed.getsockname()[1]}/dns-query"
    state = {"pid": os.getpid(), "public": public,
             "children": {name: child.pid for name, child in children.items()}}
    with open(paths.state + ".tmp", "w") as f:
        json.dump(state, f)
    os.replace(paths.state + ".tmp", paths.state)
    log(f"lab up: {json.dumps(public)}")

    while not stop.wait(WATCH_INTERVAL):
        dead = [name for name, child in children.items() if child.poll() is not None]
        if dead:
            log(f"{', '.join(dead)} exited; stopping the lab")
            break
        if not owners_alive(paths):
            # Decide under the lock so a concurrent `start` cannot reuse a
            # lab that is about to go away.
            with open(paths.lock, "a") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                if not owners_alive(paths):
                    log("all owners exited; stopping the lab")
                    remove_state(paths, os.getpid())
                    shutdown()
                    return
    remove_state(paths, os.getpid())
    shutdown()


def remove_state(paths, pid):
    """Delete state.json if it still describes the supervisor `pid`."""
    state = read_state(paths)
    if state and state["pid"] == pid:
        os.remove(paths.state)


# --------------------------------------------------------------------------
# start / stop
# --------------------------------------------------------------------------

def read_state(paths):
    try:
        with open(paths.state) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def running_state(paths):
    """The state of a live supervisor in this directory, or None."""
    state = read_state(paths)
    if state and pid_alive(state["pid"]) and cmdline_contains(state["pid"], "_serve"):
        return state
    return None


def register_owner(paths, owner_pid):
    os.makedirs(paths.owners, exist_ok=True)
    entry = str(owner_pid) if owner_pid else PERSISTENT_OWNER
    open(os.path.join(paths.owners, entry), "w").close()


def kill_leftovers(paths):
    """Stop whatever a dead or stuck supervisor left behind."""
    state = read_state(paths)
    if not state:
        return
    terminate(state["pid"], "_serve")
    for pid in state.get("children", {}).values():
        terminate(pid, paths.run)
    try:
        os.remove(paths.state)
    except FileNotFoundError:
        pass


def source_fingerprint():
    """SHA-256 of the lab's own code: a running lab built from other code is replaced."""
    here = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.sha256()
    for name in sorted(os.listdir(here)):
        if name.endswith(".py"):
            with open(os.path.join(here, name), "rb") as f:
                digest.update(name.encode() + b"\0" + f.read())
    return digest.hexdigest()


def cmd_start(paths, owner_pid):
    os.makedirs(paths.root, exist_ok=True)
    fingerprint = source_fingerprint()
    with open(paths.lock, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = running_state(paths)
        if state is not None and _read(paths.source) != fingerprint:
            log("the running lab was started from other code: restarting it")
            kill_leftovers(paths)
            state = None
        if state is None:
            kill_leftovers(paths)
            for entry in os.listdir(paths.owners) if os.path.isdir(paths.owners) else ():
                os.remove(os.path.join(paths.owners, entry))
            register_owner(paths, owner_pid)
            state = spawn_supervisor(paths)
            with open(paths.source, "w") as f:
                f.write(fingerprint)
        else:
            register_owner(paths, owner_pid)
    print(json.dumps(state["public"]), flush=True)
    return 0


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def spawn_supervisor(paths):
    started = time.monotonic()
    meta = zones.build(paths.build, log=log)
    zones.write_anchor_files(meta["root_ds"], paths.anchor, paths.delv_anchor)
    with open(paths.log, "a") as out:
        # Own session and no inherited stdout: the caller's pipe closes when
        # `start` returns, and terminal signals do not reach the lab.
        supervisor = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "_serve", "--dir", paths.root],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        state = read_state(paths)
        if state and state["pid"] == supervisor.pid:
            log(f"started in {time.monotonic() - started:.1f}s")
            return state
        if supervisor.poll() is not None:
            break
        time.sleep(0.05)
    supervisor.kill()
    supervisor.wait()
    with open(paths.log) as f:
        tail = f.read()[-4000:]
    raise SystemExit(f"lab: failed to start; log {paths.log}:\n{tail}")


def cmd_stop(paths):
    state = read_state(paths)
    if state is None:
        log("not running")
        return 0
    kill_leftovers(paths)
    log("stopped")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start the lab (or reuse a running one) and print its JSON")
    start.add_argument("--dir", required=True)
    start.add_argument("--owner-pid", type=int,
                       help="stop the lab once this process (and every other owner) exits")
    stop = sub.add_parser("stop", help="stop the lab")
    stop.add_argument("--dir", required=True)
    serve_cmd = sub.add_parser("_serve", help=argparse.SUPPRESS)
    serve_cmd.add_argument("--dir", required=True)
    args = parser.parse_args()
    paths = Paths(args.dir)
    if args.command == "start":
        return cmd_start(paths, args.owner_pid)
    if args.command == "stop":
        return cmd_stop(paths)
    serve(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
