#!/usr/bin/python3
"""Where the time of a bench workload goes: runs `bin/residuum bench --only W` under Java Flight
Recorder and prints a profile summary (share of samples by part of the engine and the top
methods), from JFR's execution samples (threads in Java code) and native-method samples (threads
inside native code: OpenBLAS, oneDNN).

    /usr/bin/python3 scripts/profile-workload.py W6 [--threads 1] [--repeats 3] [--top 12] [--w6-depths 1000]

The part of the engine is taken from the innermost frame that is Residuum's (or the native
method's name): kernel (BLAS calls, convolution kernels, SIMD loops), autodiff (the primitives'
forward and backward rules, the tape), optim, nn, tensor; frames outside Residuum (the JDK) count
under the Residuum frame that called them. Both kinds of sample are taken every 2 ms (JFR's
"profile" settings with the two periods made equal: by default Java code is sampled every 10 ms
and native code every 20 ms, which would halve native code's share). Start-up (option parsing,
class loading) is in the samples too; give enough --repeats that it is small.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import re
import shutil
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARTS = ["kernel", "autodiff", "optim", "nn", "tensor", "ode", "train", "bench", "data", "manifold"]


def frames_of(event):
    st = event.get("values", {}).get("stackTrace") or {}
    for f in st.get("frames", []):
        m = f.get("method", {})
        cls = (m.get("type") or {}).get("name", "?")
        yield cls.replace("/", "."), m.get("name", "?"), f.get("type", "")


def classify(frames):
    """(part, method) of the innermost Residuum frame; native frames name the native method."""
    first = None
    for cls, name, kind in frames:
        if first is None:
            first = (cls, name, kind)
        if cls.startswith("dev.residuum."):
            part = cls.split(".")[2]
            method = "%s.%s" % (cls.rsplit(".", 1)[-1].split("$")[0], name)
            if first and first[2] == "Native" and not first[0].startswith("dev.residuum."):
                method += " -> native %s.%s" % (first[0].rsplit(".", 1)[-1], first[1])
            return (part if part in PARTS else "other residuum"), method
    if first is None:
        return "unknown", "?"
    return "jdk/other", "%s.%s" % (first[0].rsplit(".", 1)[-1], first[1])


def settings(folder, period="2 ms"):
    """JFR's profile settings with Java and native sampling at the same period."""
    jfr = os.path.realpath(shutil.which("jfr") or sys.exit("profile-workload: jfr (the JDK's) is not on PATH"))
    base = os.path.join(os.path.dirname(os.path.dirname(jfr)), "lib", "jfr", "profile.jfc")
    with open(base) as f:
        text = f.read()
    text, n = re.subn(r'(control="method-sampling-(?:java|native)-interval">)[^<]*<', r"\g<1>%s<" % period, text)
    if n != 2:
        sys.exit("profile-workload: %s does not have the two sampling periods expected" % base)
    path = os.path.join(folder, "equal-periods.jfc")
    with open(path, "w") as f:
        f.write(text)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workload")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--w6-depths", default=None)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rec = os.path.join(tmp, "bench.jfr")
        env = dict(os.environ)
        env["RESIDUUM_JAVA_OPTS"] = "-Xmx4g -XX:StartFlightRecording=settings=%s,filename=%s" % (settings(tmp), rec)
        cmd = [os.path.join(ROOT, "bin", "residuum"), "bench", "-q", "--only", a.workload, "--threads", str(a.threads),
               "--repeats", str(a.repeats)]
        if a.w6_depths:
            cmd += ["--w6-depths", a.w6_depths]
        out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("profile-workload: bench failed: " + out.stderr.strip().splitlines()[-1])
        results = [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]
        dump = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", rec],
                              capture_output=True, text=True, check=True).stdout
    events = json.loads(dump)["recording"]["events"]
    by_part, by_method = collections.Counter(), collections.Counter()
    for e in events:
        frames = list(frames_of(e))
        if not frames:
            continue
        if e.get("type") == "jdk.NativeMethodSample" and not any(c.startswith("dev.residuum.") for c, _, _ in frames):
            continue  # parked JVM or pool threads waiting in native code, not work
        part, method = classify(frames)
        by_part[part] += 1
        by_method[method] += 1
    total = sum(by_part.values()) or 1
    for r in results:
        print("%s: %.1f %s (%d thread(s))" % (r["workload"], r["value"], r["unit"], a.threads))
    print("%d samples" % total)
    print("| part | share |")
    print("|---|---|")
    for part, n in by_part.most_common():
        print("| %s | %.1f%% |" % (part, 100.0 * n / total))
    print("| method (innermost Residuum frame) | share |")
    print("|---|---|")
    for method, n in by_method.most_common(a.top):
        print("| %s | %.1f%% |" % (method, 100.0 * n / total))


if __name__ == "__main__":
    main()
