#!/usr/bin/python3
"""bench/serve.py — `xxgk serve` against issue 15's item 5, measured (never a timed test).

  python3 bench/serve.py pages DB [ROUNDS]
      Starts `build/xxgk serve` on DB (a national year: the README's commands build one) on a free
      loopback port and asks, over one kept-alive connection as a browser does, for each kind of page
      the browser pages ask for: the overview of the whole year (first page, a deep page sorted by
      errors, filtered by name, only those late), of a province and of a county, 统计 (whole year and
      one city), the outlier list and report pages. Prints how soon the first page answers after the
      start and how long until it has its year (the server reads the latest year once, answering
      "loading" with how far meanwhile: that read is timed apart, with the server's CPU time), and
      then, per kind, the median and the slowest of ROUNDS answers (default 20) with the CPU time the
      server spent on them. Target: every page under 300 ms. Prints the load average: the machine
      may be shared.

  python3 bench/serve.py upload DIR [N]
      Takes the first N report files of DIR (default 1000, sorted by name), loads them with
      `xxgk load` + `xxgk check --db` into a fresh database, and uploads them into another through
      the API one file a request as the 上传 page does (then POST /api/check, as the page does).
      Prints both times, wall and CPU (user+sys). Target: the upload as fast as the load.
"""
import http.client
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
XXGK = os.path.join(ROOT, "build", "xxgk")


def start(db, tmp):
    """Starts the server on a free port; returns (process, host, port) once it says where it listens."""
    log = open(os.path.join(tmp, "serve.log"), "w+")
    env = dict(os.environ, TMPDIR=tmp)
    p = subprocess.Popen([XXGK, "serve", "--db", db, "--listen", "127.0.0.1:0"], stdout=subprocess.DEVNULL,
                         stderr=log, env=env)
    while True:
        log.seek(0)
        m = re.search(r"^xxgk serve: http://([^:/]+):(\d+)/", log.read(), re.M)
        if m:
            return p, m.group(1), int(m.group(2))
        if p.poll() is not None:
            log.seek(0)
            sys.exit("the server did not start: " + log.read())
        time.sleep(0.05)


class Client:
    def __init__(self, host, port):
        self.c = http.client.HTTPConnection(host, port, timeout=600)

    def ask(self, method, path, body=None, headers=None, loading_ok=False):
        t0 = time.perf_counter()
        self.c.request(method, path, body=body, headers=headers or {})
        r = self.c.getresponse()
        data = r.read()
        dt = time.perf_counter() - t0
        if r.status == 202 and loading_ok and b'"loading"' in data:
            return dt, None
        if r.status != 200:
            sys.exit("%s %s: HTTP %d %s" % (method, path, r.status, data[:200]))
        return dt, data


def cpu_of(pid):
    """user + sys seconds of a process so far (/proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        st = f.read().rsplit(")", 1)[1].split()
    return (int(st[11]) + int(st[12])) / os.sysconf("SC_CLK_TCK")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def pages(db, rounds):
    tmp = tempfile.mkdtemp(prefix="xxgk-bench-")
    t_start = time.perf_counter()
    p, host, port = start(db, tmp)
    try:
        c = Client(host, port)
        dt, data = c.ask("GET", "/api/session")
        s = json.loads(data)
        year = s["latest_year"]
        t0 = time.perf_counter()
        answer, data = c.ask("GET", "/api/overview?year=%d" % year, loading_ok=True)
        while data is None:
            time.sleep(0.2)
            dt, data = c.ask("GET", "/api/overview?year=%d" % year, loading_ok=True)
        first = time.perf_counter() - t0
        ov = json.loads(data)
        print("database %s: %d reports in the store, %d in %d; load average %s" % (
            os.path.basename(db), s["reports"], ov["reports"], year, loadavg()))
        print("first overview after the start: answered in %.2f s; the year there %.2f s after the start "
              "(server CPU so far %.1f s)" % (answer, time.perf_counter() - t_start, cpu_of(p.pid)))
        prov = ov["children"][0]["code"] if ov["children"] else ""
        dt, data = c.ask("GET", "/api/overview?year=%d&region=%s" % (year, prov))
        city = json.loads(data)["children"][0]["code"] if prov else ""
        dt, data = c.ask("GET", "/api/overview?year=%d&region=%s" % (year, city))
        county = json.loads(data)["children"][0]["code"] if city else ""
        deep = max(0, ov["reports"] // 2)
        shas = [b["sha256"] for b in ov["bodies"][:rounds]]
        kinds = [
            ("总览 whole year, first page", "/api/overview?year=%d" % year),
            ("总览 whole year, page %d by errors" % (deep // 50), "/api/overview?year=%d&sort=-errors&offset=%d&limit=50" % (year, deep)),
            ("总览 whole year, name filter 街道", "/api/overview?year=%d&q=%s" % (year, urllib.parse.quote("街道"))),
            ("总览 whole year, only late, by date", "/api/overview?year=%d&only=late&sort=published" % year),
            ("总览 a province (%s)" % prov, "/api/overview?year=%d&region=%s" % (year, prov)),
            ("总览 a county (%s)" % county, "/api/overview?year=%d&region=%s" % (year, county)),
            ("统计 whole year", "/api/stats?year=%d" % year),
            ("统计 a city (%s)" % city, "/api/stats?year=%d&region=%s" % (year, city)),
            ("outliers whole year", "/api/outliers?year=%d" % year),
        ]
        print("%-44s %10s %10s %10s %8s" % ("page", "median ms", "max ms", "CPU ms", "KB"))
        worst = 0
        for name, path in kinds:
            times = []
            cpu0 = cpu_of(p.pid)
            for _ in range(rounds):
                dt, data = c.ask("GET", path)
                times.append(dt)
            cpu = (cpu_of(p.pid) - cpu0) / rounds
            worst = max(worst, max(times))
            print("%-44s %10.1f %10.1f %10.0f %8.0f" % (name, statistics.median(times) * 1000, max(times) * 1000,
                                                       cpu * 1000, len(data) / 1024))
        times = []
        cpu0 = cpu_of(p.pid)
        for sha in shas:
            dt, data = c.ask("GET", "/api/report?sha=" + sha)
            times.append(dt)
        cpu = (cpu_of(p.pid) - cpu0) / max(1, len(shas))
        worst = max(worst, max(times))
        print("%-44s %10.1f %10.1f %10.0f %8.0f" % ("单位 (%d reports)" % len(shas), statistics.median(times) * 1000,
                                                   max(times) * 1000, cpu * 1000, len(data) / 1024))
        print("slowest answer: %.0f ms (target < 300 ms); CPU ms: the server's user+sys an answer, "
              "averaged; load average now %s" % (worst * 1000, loadavg()))
    finally:
        p.terminate()
        p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def upload(src, n):
    files = sorted(os.path.join(src, f) for f in os.listdir(src)
                   if os.path.isfile(os.path.join(src, f)) and not f.endswith((".json", ".csv")))[:n]
    tmp = tempfile.mkdtemp(prefix="xxgk-bench-")
    try:
        one = os.path.join(tmp, "files")
        os.mkdir(one)
        for f in files:
            shutil.copy(f, os.path.join(one, os.path.basename(f)))
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([XXGK, "load", "--quiet", "--db", os.path.join(tmp, "load.db"), one], check=True,
                       stderr=subprocess.DEVNULL)
        t1 = time.perf_counter()
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([XXGK, "check", "--db", os.path.join(tmp, "load.db")], stdout=subprocess.DEVNULL)
        t2 = time.perf_counter()
        ru2 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_load = ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime
        cpu_check = ru2.ru_utime + ru2.ru_stime - ru1.ru_utime - ru1.ru_stime
        p, host, port = start(os.path.join(tmp, "serve.db"), tmp)
        try:
            c = Client(host, port)
            csrf = json.loads(c.ask("GET", "/api/session")[1])["csrf"]
            loaded = 0
            cpu3 = cpu_of(p.pid)
            t3 = time.perf_counter()
            for f in files:
                with open(f, "rb") as fh:
                    body = fh.read()
                dt, data = c.ask("POST", "/api/upload?name=" + urllib.parse.quote(os.path.basename(f)), body,
                                 {"X-CSRF-Token": csrf, "Content-Type": "application/octet-stream"})
                loaded += json.loads(data)["loaded"]
            t4 = time.perf_counter()
            cpu4 = cpu_of(p.pid)
            c.ask("POST", "/api/check", b"", {"X-CSRF-Token": csrf})
            t5 = time.perf_counter()
            cpu5 = cpu_of(p.pid)
        finally:
            p.terminate()
            p.wait()
        print("%d files (%d loaded by the server)" % (len(files), loaded))
        print("xxgk load:   %.2f s (CPU %.2f s) + xxgk check --db %.2f s (CPU %.2f s) = %.2f s" % (
            t1 - t0, cpu_load, t2 - t1, cpu_check, t2 - t0))
        print("xxgk serve:  %.2f s (CPU %.2f s) uploading one file a request + POST /api/check %.2f s (CPU %.2f s)"
              " = %.2f s" % (t4 - t3, cpu4 - cpu3, t5 - t4, cpu5 - cpu4, t5 - t3))
        print("load average %s (CPU: user+sys of the commands, of the server)" % loadavg())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "pages":
        pages(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)
    elif len(sys.argv) >= 3 and sys.argv[1] == "upload":
        upload(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1000)
    else:
        sys.exit(__doc__)
