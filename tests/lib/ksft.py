# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""A kselftest-style harness for qoe's Python tests.

The shape of the kernel's tools/testing/selftests/net/lib/py: test cases
are functions taking a fixture, assertions raise with a message that says
what differed, cleanups registered with defer() run in reverse order when
the case ends however it ends, and waits poll a condition with a deadline.
Output is KTAP ("ok N name", "not ok N name", "# SKIP"), then the closing
"N passed, N failed" line scripts/test.sh sums.  A case that raises
KsftSkipEx is skipped, not passed.
"""
import sys
import time
import traceback


class KsftFailEx(Exception):
    """An assertion failed; the message says what was expected."""


class KsftSkipEx(Exception):
    """The case cannot run here (a missing capability, not a failure)."""


_deferred = []


def defer(fn, *args, **kwargs):
    """Run fn(*args, **kwargs) when the current case ends."""
    _deferred.append((fn, args, kwargs))


def run_deferred():
    """Run the cleanups defer() registered (ksft_run does after each
    case; a program using fixtures outside ksft_run calls it)."""
    while _deferred:
        fn, args, kwargs = _deferred.pop()
        try:
            fn(*args, **kwargs)
        except Exception as e:  # a cleanup must not hide the case's result
            print(f"# cleanup {getattr(fn, '__name__', fn)} failed: {e!r}")


def _fail(what, detail):
    raise KsftFailEx(f"{what}: {detail}")


def ksft_eq(got, want, what):
    if got != want:
        _fail(what, f"got {got!r}, expected {want!r}")


def ksft_gt(got, bound, what):
    if not (got is not None and got > bound):
        _fail(what, f"got {got!r}, expected more than {bound!r}")


def ksft_ge(got, bound, what):
    if not (got is not None and got >= bound):
        _fail(what, f"got {got!r}, expected at least {bound!r}")


def ksft_le(got, bound, what):
    if not (got is not None and got <= bound):
        _fail(what, f"got {got!r}, expected at most {bound!r}")


def ksft_in(item, container, what):
    if item not in container:
        _fail(what, f"{item!r} not in {container!r}")


def ksft_true(cond, what, detail=""):
    if not cond:
        _fail(what, detail or "false")


def wait_until(cond, what, timeout=10.0, interval=0.05):
    """Poll cond() until it returns a true value; return that value.

    Raises KsftFailEx naming @what and cond()'s last value on timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        last = cond()
        if last:
            return last
        if time.monotonic() >= deadline:
            _fail(what, f"not within {timeout:g} s (last: {last!r})")
        time.sleep(interval)


def wait_stable(read, what, timeout=10.0, interval=0.1):
    """Poll read() until two reads @interval apart agree; return it.

    For counters of something that is stopping: the wait ends when they
    stop moving, not after a guessed time.
    """
    prev = read()
    deadline = time.monotonic() + timeout
    while True:
        time.sleep(interval)
        cur = read()
        if cur == prev:
            return cur
        if time.monotonic() >= deadline:
            _fail(what, f"still changing after {timeout:g} s")
        prev = cur


def ksft_run(cases, fixture=None, argv=None):
    """Run @cases (functions, or (name, function) pairs) and exit.

    argv[1:] filter by substring of the case name.  Each case gets
    @fixture when one is given.  Exits 0 when nothing failed.
    """
    argv = sys.argv if argv is None else argv
    filters = argv[1:]
    named = [(c if isinstance(c, tuple) else (c.__name__, c)) for c in cases]
    named = [(n, f) for n, f in named
             if not filters or any(s in n for s in filters)]
    print("KTAP version 1")
    print(f"1..{len(named)}")
    passed = failed = skipped = 0
    for i, (name, fn) in enumerate(named, 1):
        t0 = time.monotonic()
        result, why = "ok", ""
        try:
            fn(fixture) if fixture is not None else fn()
        except KsftSkipEx as e:
            result, why = "skip", str(e)
        except KsftFailEx as e:
            result, why = "fail", str(e)
        except Exception:  # a bug in the case: say where
            result, why = "fail", traceback.format_exc()
        finally:
            run_deferred()
        took = time.monotonic() - t0
        if result == "fail":
            for line in why.rstrip().splitlines():
                print(f"# {line}")
            print(f"not ok {i} {name}  # {took:.1f} s")
            failed += 1
        elif result == "skip":
            print(f"ok {i} {name} # SKIP {why}")
            skipped += 1
        else:
            print(f"ok {i} {name}  # {took:.1f} s")
            passed += 1
        sys.stdout.flush()
    if skipped:
        print(f"# {skipped} skipped")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def ksft_log(msg):
    """A diagnostic line (KTAP comment)."""
    for line in str(msg).splitlines():
        print(f"# {line}")
    sys.stdout.flush()

