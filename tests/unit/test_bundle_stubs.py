"""scripts/bundle_stubs.py: stub libraries that load like the real ones and abort if called.

Each test builds small real libraries with the C compiler, arranges them as a bundle would,
replaces one by its stub and loads the consumers with RTLD_NOW (what Python does for
extensions). The whole bundle is exercised by build.spec (routing with the stubs) and
scripts/bundle_smoke.py.
"""

from __future__ import annotations

import ctypes
import importlib.util
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF only"),
    pytest.mark.skipif(
        shutil.which("cc") is None or shutil.which("readelf") is None, reason="needs cc, readelf"
    ),
]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


stubs = _script("bundle_stubs")

REAL = r"""
#include <math.h>
int table[64] = {1};
__thread int counter;
int used_by_nobody(void) { return 7; }
int solve_mip(int x) { return x * 2 + table[0]; }
double real_floor(double x) { return floor(x); }
"""
CONSUMER = r"""
extern int table[64];
extern __thread int counter;
int solve_mip(int);
double floor(double);  /* from libm, which only the real library loads */
int routing(int x) { return x + 1; }
int mip(int x) { counter++; return solve_mip(x) + table[1]; }
double use_floor(double x) { return floor(x); }
"""
VERSIONS = (
    "LIBREAL_1.0 { global: table; counter; solve_mip; used_by_nobody; real_floor; local: *; };\n"
)


def _cc(out: Path, source: str, *args: str) -> None:
    src = out.with_suffix(".c")
    src.write_text(source, encoding="ascii")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(out), str(src), *args], check=True)


def _bundle(tmp_path: Path, *, versioned: bool = False) -> tuple[Path, Path, Path]:
    """tmp/bundle/_internal/fake.libs/{libreal-1234abcd.so.3, libconsumer.so}."""
    libs = tmp_path / "bundle" / "_internal" / "fake.libs"
    libs.mkdir(parents=True)
    real = libs / "libreal-1234abcd.so.3"
    extra = []
    if versioned:
        (tmp_path / "real.map").write_text(VERSIONS, encoding="ascii")
        extra = [f"-Wl,--version-script={tmp_path / 'real.map'}"]
    _cc(real, REAL, "-Wl,-soname,libreal-1234abcd.so.3", "-lm", *extra)
    consumer = libs / "libconsumer.so"
    # libm comes in only through libreal (as _imaging's did through libtiff).
    _cc(consumer, CONSUMER, "-Wl,--as-needed", str(real), "-Wl,-rpath,$ORIGIN")
    assert "libm.so.6" not in stubs.read_elf(consumer).needed
    return tmp_path / "bundle", real, consumer


@pytest.fixture
def rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        stubs,
        "STUBBED",
        (stubs.StubRule("fake.libs", "libreal" + stubs._SO, "a test's MIP solver"),),
    )
    monkeypatch.setattr(stubs, "SYSTEM_INSTEAD", ())


def _load_and_call(consumer: Path, call: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import ctypes, os, sys\n"
        f"lib = ctypes.CDLL({str(consumer)!r}, mode=os.RTLD_NOW)\n"
        f"lib.{call.split('(')[0]}.restype = ctypes.c_double\n"
        f"print(float(lib.{call}))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("versioned", [False, True], ids=["plain", "versioned"])
def test_a_stub_loads_like_the_real_library_and_aborts_when_called(
    tmp_path: Path, rule: None, versioned: bool
) -> None:
    bundle, real, consumer = _bundle(tmp_path, versioned=versioned)
    size = real.stat().st_size
    results, system = stubs.shrink(bundle)

    assert system == [] and [r.library for r in results] == [real]
    assert results[0].symbols == 3  # table, counter, solve_mip: not used_by_nobody
    assert stubs.is_stub(real) and stubs.read_elf(real).soname == "libreal-1234abcd.so.3"
    assert real.stat().st_size < size * 4  # a few KiB, whatever the real one weighed
    defined = stubs.read_elf(real).defined
    assert defined["table"].kind == "OBJECT" and defined["table"].size == 64 * 4
    assert defined["counter"].kind == "TLS"
    assert defined["solve_mip"].version == ("LIBREAL_1.0" if versioned else "")
    # Loads with RTLD_NOW; what never touches the stubbed library works, libm included.
    ok = _load_and_call(consumer, "routing(41)")
    assert ok.returncode == 0 and ok.stdout.strip() != ""
    assert _load_and_call(consumer, "use_floor(ctypes.c_double(2.5))").stdout.strip() == "2.0"
    # Calling into it aborts, naming the symbol and the library.
    called = _load_and_call(consumer, "mip(1)")
    assert called.returncode != 0
    assert "solve_mip of libreal-1234abcd.so.3 was called" in called.stderr
    assert "a test's MIP solver" in called.stderr
    # A second run recognises its stubs and leaves them alone.
    assert stubs.shrink(bundle) == ([], [])


def test_a_stub_never_defines_what_another_library_provides(tmp_path: Path, rule: None) -> None:
    bundle, real, consumer = _bundle(tmp_path)
    plan = stubs.plan_stubs(stubs.Bundle(bundle))[0]
    assert "floor" not in plan.symbols  # libm's, which the stub loads instead
    assert "libm.so.6" in plan.system_needed
    assert set(plan.symbols) == {"table", "counter", "solve_mip"}


def test_a_symbol_left_undefined_fails(tmp_path: Path, rule: None, monkeypatch) -> None:
    bundle, real, consumer = _bundle(tmp_path)
    original = stubs.plan_stubs

    def forgetful(b):  # type: ignore[no-untyped-def]
        plans = original(b)
        plans[0].symbols.pop("solve_mip")
        return plans

    monkeypatch.setattr(stubs, "plan_stubs", forgetful)
    with pytest.raises(ValueError, match="libconsumer.so: solve_mip"):
        stubs.shrink(bundle)


def test_a_private_copy_gives_way_to_the_desktops_library(tmp_path: Path, monkeypatch) -> None:
    """A wheel's hashed copy of libm stands for the desktop's: consumers are renamed to it."""
    libs = tmp_path / "bundle" / "_internal" / "fake.libs"
    libs.mkdir(parents=True)
    copy = libs / "libm-0badf00d.so.6"
    _cc(copy, "double floor(double x) { return x; }\n", "-Wl,-soname,libm-0badf00d.so.6")
    consumer = libs / "libuser.so"
    source = "double floor(double);\ndouble use_floor(double x) { return floor(x); }\n"
    _cc(consumer, source, str(copy), "-Wl,-rpath,$ORIGIN")
    monkeypatch.setattr(stubs, "STUBBED", ())
    monkeypatch.setattr(
        stubs,
        "SYSTEM_INSTEAD",
        (stubs.SystemRule("fake.libs", "libm" + stubs._SO, "libm.so.6", "libc6", ("",)),),
    )
    _results, system = stubs.shrink(tmp_path / "bundle")
    assert [s.soname for s in system] == ["libm.so.6"] and not copy.exists()
    assert "libm.so.6" in stubs.read_elf(consumer).needed
    assert _load_and_call(consumer, "use_floor(ctypes.c_double(2.5))").stdout.strip() == "2.0"


def test_a_private_copy_stays_when_a_symbol_version_is_not_allowed(
    tmp_path: Path, monkeypatch
) -> None:
    bundle, real, consumer = _bundle(tmp_path, versioned=True)
    monkeypatch.setattr(stubs, "STUBBED", ())
    monkeypatch.setattr(
        stubs,
        "SYSTEM_INSTEAD",
        (stubs.SystemRule("fake.libs", "libreal" + stubs._SO, "libreal.so.3", "x", ("V_0",)),),
    )
    with pytest.raises(ValueError, match="without a version in"):
        stubs.shrink(bundle)
    assert real.exists() and "libreal-1234abcd.so.3" in stubs.read_elf(consumer).needed


def test_rules_match_the_installed_wheels_libraries() -> None:
    """A wheel renaming its libraries would silently keep them all: each rule must match."""
    site = Path(np.__file__).parent.parent
    for rule in (*stubs.STUBBED, *stubs.SYSTEM_INSTEAD):
        folder = site / rule.folder
        package = rule.folder.split("/")[0].removesuffix(".libs")
        if importlib.util.find_spec(package) is None:
            continue
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
        assert any(re.fullmatch(rule.pattern, n) for n in names), (rule, names)


# --- the CBLAS that stands in for numpy's OpenBLAS ---------------------------------------------
ROW, COL = 101, 102
NO, T, C = 111, 112, 113
UPPER, LOWER = 121, 122


@pytest.fixture(scope="module")
def cblas(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    out = tmp_path_factory.mktemp("cblas") / "libcblas.so"
    subprocess.run(
        [
            "cc",
            "-shared",
            "-fPIC",
            "-O2",
            "-o",
            str(out),
            str(ROOT / "scripts" / "bundle_stub_cblas.c"),
        ],
        check=True,
    )
    return ctypes.CDLL(str(out))


def _ptr(a: np.ndarray) -> ctypes.c_void_p:
    return ctypes.c_void_p(a.ctypes.data)


@pytest.mark.parametrize("order", [ROW, COL])
@pytest.mark.parametrize(("ta", "tb"), [(NO, NO), (T, NO), (NO, T), (C, T)])
@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
def test_gemm_matches_numpy(cblas: ctypes.CDLL, order: int, ta: int, tb: int, dtype) -> None:
    rng = np.random.default_rng(order + ta * 3 + tb)
    m, n, k = 5, 4, 3
    layout = "C" if order == ROW else "F"

    def rand(shape):  # type: ignore[no-untyped-def]
        x = rng.standard_normal(shape)
        return (x + 1j * rng.standard_normal(shape) if dtype == np.complex128 else x).astype(dtype)

    op = {NO: lambda x: x, T: lambda x: x.T, C: lambda x: x.conj().T}
    a = np.asarray(rand((m, k) if ta == NO else (k, m)), order=layout)
    b = np.asarray(rand((k, n) if tb == NO else (n, k)), order=layout)
    c = np.full((m, n), np.nan, dtype=dtype, order=layout)  # beta = 0: never read
    lda, ldb, ldc = (x.shape[1] if order == ROW else x.shape[0] for x in (a, b, c))
    i64 = ctypes.c_int64
    if dtype == np.float64:
        fn, alpha, beta = cblas.scipy_cblas_dgemm64_, ctypes.c_double(2.0), ctypes.c_double(0.0)
    else:
        fn = cblas.scipy_cblas_zgemm64_
        scalars = np.array([2.0 + 0j, 0j])  # alive until the call returns
        alpha = ctypes.c_void_p(scalars.ctypes.data)
        beta = ctypes.c_void_p(scalars.ctypes.data + scalars.itemsize)
    fn(
        order,
        ta,
        tb,
        i64(m),
        i64(n),
        i64(k),
        alpha,
        _ptr(a),
        i64(lda),
        _ptr(b),
        i64(ldb),
        beta,
        _ptr(c),
        i64(ldc),
    )
    np.testing.assert_allclose(c, 2.0 * op[ta](a) @ op[tb](b), rtol=1e-12)


def test_syrk_updates_only_its_triangle(cblas: ctypes.CDLL) -> None:
    a = np.arange(12.0).reshape(4, 3)
    c = np.full((4, 4), 5.0)
    i64 = ctypes.c_int64
    cblas.scipy_cblas_dsyrk64_(
        ROW,
        UPPER,
        NO,
        i64(4),
        i64(3),
        ctypes.c_double(1.0),
        _ptr(a),
        i64(3),
        ctypes.c_double(1.0),
        _ptr(c),
        i64(4),
    )
    full = a @ a.T + 5.0
    np.testing.assert_allclose(np.triu(c), np.triu(full))
    np.testing.assert_allclose(np.tril(c, -1), np.tril(np.full((4, 4), 5.0), -1))


def test_dot_gemv_axpy_follow_blas_conventions(cblas: ctypes.CDLL) -> None:
    i64 = ctypes.c_int64
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([10.0, 20.0, 30.0, 40.0])
    cblas.scipy_cblas_ddot64_.restype = ctypes.c_double
    # a negative increment walks from the far end: x[3], x[2]... against y[0], y[1]...
    got = cblas.scipy_cblas_ddot64_(i64(4), _ptr(x), i64(-1), _ptr(y), i64(1))
    assert got == float(x[::-1] @ y)
    z = np.array([1 + 2j, 3 - 1j])
    w = np.array([2 - 1j, 1 + 1j])
    out = np.zeros(1, dtype=np.complex128)
    cblas.scipy_cblas_zdotc_sub64_(i64(2), _ptr(z), i64(1), _ptr(w), i64(1), _ptr(out))
    assert out[0] == np.vdot(z, w)
    a = np.arange(6.0).reshape(2, 3)
    v = np.array([1.0, -1.0, 2.0])
    res = np.full(2, np.nan)
    cblas.scipy_cblas_dgemv64_(
        ROW,
        NO,
        i64(2),
        i64(3),
        ctypes.c_double(1.0),
        _ptr(a),
        i64(3),
        _ptr(v),
        i64(1),
        ctypes.c_double(0.0),
        _ptr(res),
        i64(1),
    )
    np.testing.assert_allclose(res, a @ v)
    cblas.scipy_cblas_daxpy64_(i64(4), ctypes.c_double(0.5), _ptr(x), i64(1), _ptr(y), i64(1))
    np.testing.assert_allclose(y, [10.5, 21.0, 31.5, 42.0])
    assert not math.isnan(float(res.sum()))


def test_build_spec_stubs_then_checks_routing() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    shrink = spec.index("stubs.shrink(")
    assert shrink < spec.index("prune.strip_tree(") < spec.index("stubs.check_routing(")
    assert "bundle_rthook_proj.py" in spec


def test_the_runtime_hook_turns_projs_network_off() -> None:
    code = (
        f"exec(open({str(ROOT / 'scripts' / 'bundle_rthook_proj.py')!r}).read())\n"
        "import pyproj.network\n"
        "print(pyproj.network.is_network_enabled())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PROJ_NETWORK": "ON"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.strip() == "False"
