"""Replace shared libraries a bundle links but never calls with small stub libraries.

    python scripts/bundle_stubs.py dist/hdf-field --dry-run   # what would be stubbed, and why
    python scripts/bundle_stubs.py dist/hdf-field             # stub in place, print savings

OR-Tools' core library (libortools.so.9) is linked against its mixed-integer solvers (SCIP,
HiGHS and COIN-OR's Cbc/Clp/Cgl/Osi/CoinUtils): its linear-solver and MathOpt wrappers can
call them. The app only uses OR-Tools' routing library (``ortools.constraint_solver``), whose
search and cumul optimisers (Glop, CP-SAT) live in libortools itself and never reach those
solvers. The dynamic loader still needs every library libortools names, and (Python opens
extensions with RTLD_NOW) every symbol libortools imports from them.

Each such library is replaced by a stub built here with the C compiler: same file name and
SONAME, defining exactly the dynamic symbols the bundle's other ELF files import from it and
find nowhere else (functions that print which symbol of which library was called and abort;
data objects of the same size, zero-filled; thread-local variables likewise). The stubs need
no library of their own besides libc. Checks, each failing the build:

- a stubbed library, or a consumer importing from it, uses symbol versioning (a stub would not
  satisfy a versioned reference; none of OR-Tools' solver libraries does);
- after stubbing, an ELF file of the bundle has an undefined symbol nothing defines that was
  defined before (:func:`unresolved_symbols` before and after);
- the bundle's own routing commands, run by build.spec afterwards (``route solve`` with
  OR-Tools on a day with time windows and an impossible visit, and a TSPLIB tour), call a stub
  (the stub's message and abort make the command fail).

build.spec imports this file; the command line exists to try it on a copy of a bundle.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"


@dataclass(frozen=True)
class StubRule:
    folder: str  # the library's folder inside the bundle (a wheel's own folder)
    pattern: str  # its file name, whatever the version suffix or auditwheel's hash
    reason: str  # why nothing the app runs calls it
    # A C file under scripts/ whose exported functions replace the aborting stubs (they work).
    implementation: str | None = None


_SO = r"(-[0-9a-f]{8})*\.so(\.\d+)*"
STUBBED: tuple[StubRule, ...] = (
    # OR-Tools: libortools links its MIP/LP back-ends for linear_solver and MathOpt; routing
    # (the only part the app uses) never reaches them.
    StubRule("ortools/.libs", "libscip" + _SO, "SCIP, a MIP solver (linear_solver, MathOpt)"),
    StubRule("ortools/.libs", "libhighs" + _SO, "HiGHS, an LP/MIP solver (linear_solver, MathOpt)"),
    StubRule("ortools/.libs", "libCbc" + _SO, "COIN-OR Cbc, a MIP solver (linear_solver)"),
    StubRule("ortools/.libs", "libCbcSolver" + _SO, "COIN-OR Cbc's driver (linear_solver)"),
    StubRule("ortools/.libs", "libOsiCbc" + _SO, "COIN-OR Osi's Cbc interface (linear_solver)"),
    StubRule("ortools/.libs", "libCgl" + _SO, "COIN-OR's cut generators (Cbc)"),
    StubRule("ortools/.libs", "libClp" + _SO, "COIN-OR Clp, an LP solver (linear_solver)"),
    StubRule("ortools/.libs", "libClpSolver" + _SO, "COIN-OR Clp's driver (linear_solver)"),
    StubRule("ortools/.libs", "libOsiClp" + _SO, "COIN-OR Osi's Clp interface (linear_solver)"),
    StubRule("ortools/.libs", "libOsi" + _SO, "COIN-OR's solver interface (Cbc, Clp)"),
    StubRule("ortools/.libs", "libCoinUtils" + _SO, "COIN-OR's utilities (Cbc, Clp)"),
    # numpy: OpenBLAS serves the core's dot/matmul (22 CBLAS functions, reimplemented plainly
    # in bundle_stub_cblas.c) and numpy.linalg's LAPACK, which the app never calls (nor do
    # its dependencies on the paths it takes); the Fortran runtime serves only LAPACK.
    StubRule(
        "numpy.libs",
        "libscipy_openblas(64_)?" + _SO,
        "OpenBLAS; numpy.linalg's LAPACK",
        implementation="bundle_stub_cblas.c",
    ),
    StubRule("numpy.libs", "libgfortran" + _SO, "the Fortran runtime of OpenBLAS's LAPACK"),
    StubRule("numpy.libs", "libquadmath" + _SO, "the Fortran runtime of OpenBLAS's LAPACK"),
    # pyproj: PROJ downloads transformation grids through libcurl only when its network
    # access is on; the bundle turns it off (PROJ_NETWORK=OFF, runtime hook in build.spec)
    # and the app's transformations (Lambert-93 and the other French CRSs to WGS 84) need no
    # grid.
    StubRule("pyproj.libs", "libcurl" + _SO, "libcurl: PROJ's network access to grids (off)"),
    StubRule("pyproj.libs", "libnghttp2" + _SO, "HTTP/2 for libcurl (PROJ's network access)"),
    # Pillow: reportlab imports PIL.Image unconditionally, but reads raster images only when a
    # PDF embeds one, which the app's never do; PIL's image codecs and its X11 screen grab are
    # never reached. (Pillow's PNG support is zlib, the desktop's.)
    StubRule("pillow.libs", "libjpeg" + _SO, "libjpeg: Pillow's JPEG codec"),
    StubRule(
        "pillow.libs",
        "libopenjp2" + _SO,
        "OpenJPEG: Pillow's JPEG 2000 codec",
        implementation="bundle_stub_openjp2.c",
    ),
    StubRule(
        "pillow.libs",
        "libtiff" + _SO,
        "libtiff: Pillow's TIFF codec",
        implementation="bundle_stub_tiff.c",
    ),
    StubRule("pillow.libs", "libzstd" + _SO, "zstd, for libtiff (Pillow's TIFF codec)"),
    StubRule("pillow.libs", "liblzma" + _SO, "xz, for libtiff (Pillow's TIFF codec)"),
    StubRule("pillow.libs", "libxcb" + _SO, "libxcb: Pillow's X11 screen grab (ImageGrab)"),
    StubRule("pillow.libs", "libXau" + _SO, "libXau, for libxcb (Pillow's screen grab)"),
)


@dataclass(frozen=True)
class SystemRule:
    folder: str
    pattern: str
    soname: str  # the desktop's library that stands in
    package: str  # the Debian package providing it (the README's list)
    versions: tuple[str, ...]  # symbol versions the bundle may import from it


# A wheel's private copy of a library the desktop already has (README's packages): the
# consumers are pointed at the desktop's soname (their DT_NEEDED and version-needs name is
# rewritten in place, a shorter string) and the copy goes. Only when every symbol they import
# from it carries a version the oldest supported desktop's library defines. psycopg's libpq
# (and its libldap) import OpenSSL 3.0.0's API only; Python's ssl and Qt's TLS backend
# already use the desktop's OpenSSL 3.
SYSTEM_INSTEAD: tuple[SystemRule, ...] = (
    # PROJ's database engine: SQLite does not version its symbols; PROJ needs SQLite >= 3.11
    # and the oldest supported desktop (Debian 12) has 3.40. The check below runs against the
    # build machine's library.
    SystemRule("pyproj.libs", "libsqlite3" + _SO, "libsqlite3.so.0", "libsqlite3-0", ("",)),
    SystemRule("psycopg_binary.libs", "libssl" + _SO, "libssl.so.3", "libssl3", ("OPENSSL_3.0.0",)),
    SystemRule(
        "psycopg_binary.libs", "libcrypto" + _SO, "libcrypto.so.3", "libssl3", ("OPENSSL_3.0.0",)
    ),
    # libpq's Kerberos (GSSAPI) and what it loads: MIT krb5's stable sonames and symbol
    # versions (libgssapi-krb5-2 and co. come with libcups2). libpq imports the GSS-API only
    # under gssapi_krb5_2_MIT; libsasl2 links the others but imports nothing from them; the
    # wheel's second com_err (.so.3) serves only its own krb5 libraries.
    SystemRule(
        "psycopg_binary.libs",
        "libgssapi_krb5" + _SO,
        "libgssapi_krb5.so.2",
        "libgssapi-krb5-2",
        ("gssapi_krb5_2_MIT",),
    ),
    SystemRule(
        "psycopg_binary.libs", "libkrb5" + _SO, "libkrb5.so.3", "libkrb5-3", ("krb5_3_MIT",)
    ),
    SystemRule(
        "psycopg_binary.libs",
        "libk5crypto" + _SO,
        "libk5crypto.so.3",
        "libk5crypto3",
        ("k5crypto_3_MIT",),
    ),
    SystemRule(
        "psycopg_binary.libs",
        "libkrb5support" + _SO,
        "libkrb5support.so.0",
        "libkrb5support0",
        ("krb5support_0_MIT",),
    ),
    SystemRule("psycopg_binary.libs", "libkeyutils" + _SO, "libkeyutils.so.1", "libkeyutils1", ()),
    SystemRule("psycopg_binary.libs", "libcom_err" + _SO, "libcom_err.so.2", "libcom-err2", ()),
)

# A stub says what it is in this exported string, so a second run (or a test) recognises it.
MARKER_SYMBOL = "hdf_field_stub_of"
MESSAGE = (
    "hdf-field: {symbol} of {library} was called, but this bundle carries a stub of that "
    "library ({reason}: the app does not use it; see scripts/bundle_stubs.py)"
)
SCRIPTS = Path(__file__).resolve().parent
_C_NAME = re.compile(r"^[\x21-\x7e]+$")


@dataclass(frozen=True)
class Symbol:
    name: str
    kind: str  # FUNC, OBJECT, TLS, NOTYPE, IFUNC, ...
    size: int
    weak: bool
    version: str = ""  # e.g. GLIBC_2.2.5; "" when unversioned


@dataclass
class ElfInfo:
    path: Path
    soname: str | None
    needed: list[str]
    defined: dict[str, Symbol] = field(default_factory=dict)
    undefined: dict[str, Symbol] = field(default_factory=dict)


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def _readelf(*args: str) -> str:
    return subprocess.run(
        ["readelf", "-W", *args], check=True, capture_output=True, text=True
    ).stdout


_DYN = re.compile(r"^\s*0x[0-9a-f]+\s+\((NEEDED|SONAME)\)\s+\S+.*\[(.+)\]\s*$")
# Num: Value Size Type Bind Vis Ndx Name
_SYM = re.compile(
    r"^\s*\d+:\s+([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+(\w+)\s+(\w+)\s+(\w+)\s+(\S+)\s+(\S+)"
)


def read_elf(path: Path) -> ElfInfo:
    """Dynamic section and dynamic symbol table of an ELF file (readelf, binutils)."""
    needed: list[str] = []
    soname = None
    for line in _readelf("-d", str(path)).splitlines():
        m = _DYN.match(line)
        if m and m.group(1) == "NEEDED":
            needed.append(m.group(2))
        elif m:
            soname = m.group(2)
    info = ElfInfo(path, soname, needed)
    for line in _readelf("--dyn-syms", str(path)).splitlines():
        m = _SYM.match(line)
        if m is None:
            continue
        _value, size, kind, bind, _vis, ndx, name = m.groups()
        if bind == "LOCAL" or not name:
            continue
        base, _at, version = name.partition("@")
        symbol = Symbol(base, kind, int(size, 0), bind == "WEAK", version.lstrip("@"))
        if ndx == "UND":
            info.undefined[base] = symbol
        elif ndx != "ABS":  # ABS: the version definitions themselves
            info.defined[base] = symbol
    return info


def _under(path: Path, folder: Path, rule_folder: str) -> bool:
    where = path.parent.relative_to(folder).as_posix()
    # PyInstaller puts a wheel's folder under _internal/ (or Contents/Frameworks/).
    return where == rule_folder or where.endswith("/" + rule_folder)


def system_rule(path: Path, folder: Path) -> SystemRule | None:
    for rule in SYSTEM_INSTEAD:
        if _under(path, folder, rule.folder) and re.fullmatch(rule.pattern, path.name):
            return rule
    return None


def stub_rule(path: Path, folder: Path) -> StubRule | None:
    """The rule stubbing the library at ``path`` (inside the bundle ``folder``), or None."""
    for rule in STUBBED:
        if _under(path, folder, rule.folder) and re.fullmatch(rule.pattern, path.name):
            return rule
    return None


def elf_files(folder: Path) -> list[Path]:
    out = []
    for base, _dirs, files in os.walk(folder):
        for name in sorted(files):
            path = Path(base) / name
            if not path.is_symlink() and is_elf(path):
                out.append(path)
    return out


def _system_library(name: str, cache: dict[str, Path | None]) -> Path | None:
    """Where the build machine's loader finds a library the bundle does not carry."""
    if name not in cache:
        found = None
        listing = subprocess.run(
            ["ldconfig", "-p"], capture_output=True, text=True, check=False
        ).stdout
        for line in listing.splitlines():
            fields = line.strip().split(" => ")
            if len(fields) == 2 and fields[0].split(" ")[0] == name and "x86-64" in fields[0]:
                found = Path(fields[1])
                break
            if len(fields) == 2 and fields[0].split(" ")[0] == name and found is None:
                found = Path(fields[1])
        cache[name] = found
    return cache[name]


class Bundle:
    """The ELF files of a bundle, with the libraries each one loads (by file name, as the
    bundle's RUNPATHs and PyInstaller's layout resolve them: a library of that name in the
    bundle, else the build machine's)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = {p: read_elf(p) for p in elf_files(folder)}
        self.by_name: dict[str, list[Path]] = {}
        for path, info in self.files.items():
            self.by_name.setdefault(path.name, []).append(path)
            if info.soname and info.soname != path.name:
                self.by_name.setdefault(info.soname, []).append(path)
        self._system: dict[str, Path | None] = {}
        self._system_info: dict[Path, ElfInfo] = {}

    def resolve(self, name: str, near: Path) -> ElfInfo | None:
        candidates = self.by_name.get(name, [])
        if candidates:
            # The copy in the consumer's own folder first (RUNPATH $ORIGIN), else any.
            same = [c for c in candidates if c.parent == near.parent]
            return self.files[(same or candidates)[0]]
        system = _system_library(name, self._system)
        if system is None:
            return None
        if system not in self._system_info:
            self._system_info[system] = read_elf(system)
        return self._system_info[system]

    def closure(self, path: Path) -> list[ElfInfo]:
        """The libraries ``path`` loads, breadth first (the loader's symbol search order)."""
        order: list[ElfInfo] = []
        seen = {path}
        queue = [self.files[path]]
        while queue:
            info = queue.pop(0)
            for name in info.needed:
                dep = self.resolve(name, info.path)
                if dep is not None and dep.path not in seen:
                    seen.add(dep.path)
                    order.append(dep)
                    queue.append(dep)
        return order


def unresolved_symbols(bundle: Bundle, path: Path) -> set[str]:
    """Strong undefined symbols of ``path`` that no library it loads defines."""
    info = bundle.files[path]
    defined: set[str] = set()
    for dep in bundle.closure(path):
        defined.update(dep.defined)
    return {s for s, sym in info.undefined.items() if not sym.weak and s not in defined}


@dataclass
class StubPlan:
    library: Path
    soname: str
    reason: str
    symbols: dict[str, Symbol]
    consumers: set[Path]
    implementation: Path | None = None
    # the desktop's libraries the real one loads (libm...): a consumer may rely on them
    system_needed: tuple[str, ...] = ()


def plan_stubs(bundle: Bundle) -> list[StubPlan]:
    """For each library to stub, the symbols its stub must define: those some other ELF file
    of the bundle imports, that the library defines, and that nothing else the importer loads
    defines (the loader would find those elsewhere; a stub must never shadow a real one)."""
    stubbed = {p: rule for p in bundle.files if (rule := stub_rule(p, bundle.folder)) is not None}
    plans = {
        p: StubPlan(
            p,
            bundle.files[p].soname or p.name,
            rule.reason,
            {},
            set(),
            SCRIPTS / rule.implementation if rule.implementation else None,
            tuple(
                n
                for n in bundle.files[p].needed
                if (dep := bundle.resolve(n, p)) is not None
                and not dep.path.is_relative_to(bundle.folder)
            ),
        )
        for p, rule in stubbed.items()
    }
    for path, info in bundle.files.items():
        if path in stubbed or not info.undefined:
            continue
        deps = bundle.closure(path)
        real = [d for d in deps if d.path not in stubbed]
        fakes = [d for d in deps if d.path in stubbed]
        if not fakes:
            continue
        elsewhere: set[str] = set()
        for d in real:
            elsewhere.update(d.defined)
        for name, wanted in info.undefined.items():
            if name in elsewhere:
                continue
            for fake in fakes:  # the first in search order, as the loader would pick
                if name in fake.defined:
                    if wanted.version and wanted.version != fake.defined[name].version:
                        raise ValueError(
                            f"{path.name} imports {name}@{wanted.version} from {fake.path.name}, "
                            f"which defines it as version {fake.defined[name].version!r}"
                        )
                    plans[fake.path].symbols[name] = fake.defined[name]
                    plans[fake.path].consumers.add(path)
                    break
    return sorted(plans.values(), key=lambda p: p.library.name)


def _c_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


def stub_source(plan: StubPlan, implemented: Iterable[str] = ()) -> str:
    """C source of a stub library defining the planned symbols (but those in
    ``implemented``, which the plan's implementation file defines)."""
    library = plan.soname
    done = set(implemented)
    lines = [
        f"/* Generated by scripts/bundle_stubs.py: a stand-in for {library} ({plan.reason}). */",
        "#include <stdio.h>",
        "#include <stdlib.h>",
        "",
        f'__attribute__((visibility("default"))) const char {MARKER_SYMBOL}[] = '
        f"{_c_string(library)};",
        "",
        '__attribute__((noreturn, visibility("hidden"), cold))',
        "void hdf_stub_called(const char *symbol) {",
        "    fprintf(stderr, "
        + _c_string(MESSAGE.format(symbol="%s", library=library, reason=plan.reason) + "\n")
        + ", symbol);",
        "    fflush(stderr);",
        "    abort();",
        "}",
        "",
    ]
    for k, (name, sym) in enumerate(sorted(plan.symbols.items())):
        if name in done:
            continue
        if not _C_NAME.match(name):
            raise ValueError(f"{library}: symbol name {name!r} cannot be written in C")
        label = f"__asm__({_c_string(name)})"
        visibility = '__attribute__((visibility("default")))'
        if sym.kind in {"FUNC", "IFUNC"}:
            lines.append(f"{visibility} void hdf_f{k}(void) {label};")
            lines.append(f"void hdf_f{k}(void) {{ hdf_stub_called({_c_string(name)}); }}")
        elif sym.kind == "TLS":
            size = max(1, sym.size)
            lines.append(f"{visibility} __thread unsigned char hdf_t{k}[{size}] {label};")
        elif sym.kind in {"OBJECT", "NOTYPE", "COMMON"}:
            size = max(1, sym.size)
            lines.append(
                f"{visibility} __attribute__((aligned(16))) unsigned char hdf_o{k}[{size}] {label};"
            )
        else:
            raise ValueError(f"{library}: symbol {name} of type {sym.kind}: no stub for it")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class StubResult:
    library: Path
    before: int
    after: int
    symbols: int
    consumers: tuple[str, ...]

    @property
    def saved(self) -> int:
        return self.before - self.after


def version_script(plan: StubPlan) -> str | None:
    """A linker version script giving each stub symbol the version the real library gave it
    (None when the library does not version its symbols)."""
    versions: dict[str, list[str]] = {}
    for name, sym in sorted(plan.symbols.items()):
        versions.setdefault(sym.version, []).append(name)
    if set(versions) <= {""}:
        return None
    if "" in versions:
        raise ValueError(f"{plan.soname}: mixes versioned and unversioned symbols")
    nodes = sorted(versions)
    versions[nodes[0]].insert(0, MARKER_SYMBOL)
    return "".join(
        f"{v} {{\n  global:\n"
        + "".join(f"    {n};\n" for n in versions[v])
        + ("  local: *;\n" if k == len(nodes) - 1 else "")
        + "};\n"
        for k, v in enumerate(nodes)
    )


def _compile(
    cc: str,
    sources: Sequence[Path],
    out: Path,
    soname: str,
    versions: Path | None = None,
    needed: Sequence[str] = (),
) -> None:
    done = subprocess.run(
        [
            cc,
            "-shared",
            "-fPIC",
            "-O2",
            "-s",
            "-fvisibility=hidden",
            "-Wl,-z,noexecstack",
            # one read-only, one executable and one writable segment share pages: 6 KiB
            # instead of 14 for a stub
            "-Wl,-z,noseparate-code",
            f"-Wl,-soname,{soname}",
            *([f"-Wl,--version-script={versions}"] if versions else []),
            "-o",
            str(out),
            *map(str, sources),
            *(["-Wl,--no-as-needed", *(f"-l:{n}" for n in needed)] if needed else []),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise ValueError(f"{soname}: the stub does not compile: {done.stderr[-800:]}")


def build_stub(plan: StubPlan, out: Path, *, cc: str = "cc") -> None:
    with tempfile.TemporaryDirectory(prefix="hdf-stub-") as tmp:
        sources = [Path(tmp) / "stub.c"]
        implemented: set[str] = set()
        if plan.implementation is not None:
            probe = Path(tmp) / "probe.so"
            _compile(cc, [plan.implementation], probe, "probe.so")
            implemented = set(read_elf(probe).defined)
            sources.append(plan.implementation)
        sources[0].write_text(stub_source(plan, implemented), encoding="ascii")
        script = version_script(plan)
        versions = None
        if script is not None:
            versions = Path(tmp) / "versions.map"
            versions.write_text(script, encoding="ascii")
        _compile(cc, sources, out, plan.soname, versions, plan.system_needed)
    built = read_elf(out)
    missing = {
        n
        for n, sym in plan.symbols.items()
        if n not in built.defined or built.defined[n].version != sym.version
    }
    if built.soname != plan.soname or missing:
        raise ValueError(f"{out}: the stub has soname {built.soname}, lacks {sorted(missing)[:5]}")


def is_stub(path: Path) -> bool:
    return MARKER_SYMBOL in read_elf(path).defined


@dataclass(frozen=True)
class SystemResult:
    library: Path
    size: int
    soname: str
    consumers: tuple[str, ...]


def _dynstr_range(path: Path) -> tuple[int, int]:
    for line in _readelf("-S", str(path)).splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == ".dynstr":
            return int(fields[4], 16), int(fields[4], 16) + int(fields[5], 16)
    raise ValueError(f"{path}: no .dynstr section")


def rename_needed(path: Path, old: str, new: str) -> None:
    """Rewrite a DT_NEEDED name (and the version-needs entry sharing its string) in place,
    to a name no longer than the old one: the string table keeps its size and place."""
    if len(new) > len(old):
        raise ValueError(f"{path}: {new} is longer than {old}")
    start, end = _dynstr_range(path)
    data = bytearray(path.read_bytes())
    table = bytes(data[start:end])
    needle = b"\0" + old.encode() + b"\0"
    at = table.find(needle)
    if at < 0 or table.find(needle, at + 1) >= 0:
        raise ValueError(f"{path}: {old} is not exactly once in .dynstr")
    # no other string may end inside the old name (a suffix shared by the linker)
    pos = start + at + 1
    data[pos : pos + len(old) + 1] = new.encode() + b"\0" * (len(old) - len(new) + 1)
    path.write_bytes(bytes(data))
    if old in read_elf(path).needed or new not in read_elf(path).needed:
        raise ValueError(f"{path}: {old} is still needed after the rewrite")


def use_system_libraries(bundle: Bundle, *, dry_run: bool = False) -> list[SystemResult]:
    """Point the consumers of each SYSTEM_INSTEAD library at the desktop's copy; remove it."""
    out = []
    replaced = {p for p in bundle.files if system_rule(p, bundle.folder) is not None}
    for path in sorted(replaced):
        rule = system_rule(path, bundle.folder)
        assert rule is not None
        info = bundle.files[path]
        name = info.soname or path.name
        consumers = [p for p, i in bundle.files.items() if name in i.needed and p not in replaced]
        for consumer in consumers:
            wanted = {
                s.name: s
                for s in bundle.files[consumer].undefined.values()
                if s.name in info.defined
            }
            bad = sorted(n for n, s in wanted.items() if s.version not in rule.versions)
            if bad:
                raise ValueError(
                    f"{consumer.name} imports {', '.join(bad[:5])} from {path.name} without a "
                    f"version in {rule.versions}: the desktop's {rule.soname} may lack them"
                )
        size = path.stat().st_size
        if not dry_run:
            for consumer in consumers:
                rename_needed(consumer, name, rule.soname)
            path.unlink()
        out.append(SystemResult(path, size, rule.soname, tuple(sorted(c.name for c in consumers))))
    return out


def shrink(
    folder: Path, *, cc: str = "cc", dry_run: bool = False
) -> tuple[list[StubResult], list[SystemResult]]:
    """Replace the bundle's STUBBED libraries by stubs and its SYSTEM_INSTEAD copies by the
    desktop's; fail if any other ELF file of the bundle is left with a symbol nothing defines."""
    missing = [tool for tool in (cc, "readelf") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            "bundle_stubs: missing " + ", ".join(missing) + " (apt install gcc binutils)"
        )
    bundle = Bundle(folder)
    plans = [p for p in plan_stubs(bundle) if not is_stub(p.library)]
    replaced = {p for p in bundle.files if system_rule(p, folder) is not None}
    before = {
        p: unresolved_symbols(bundle, p)
        for p in bundle.files
        if not _in(p, plans) and p not in replaced
    }
    results = []
    with tempfile.TemporaryDirectory(prefix="hdf-stubs-") as tmp:
        built: dict[Path, Path] = {}
        for plan in plans:
            out = Path(tmp) / plan.library.name
            build_stub(plan, out, cc=cc)
            built[plan.library] = out
            results.append(
                StubResult(
                    plan.library,
                    plan.library.stat().st_size,
                    out.stat().st_size,
                    len(plan.symbols),
                    tuple(sorted(c.name for c in plan.consumers)),
                )
            )
        system = use_system_libraries(bundle, dry_run=dry_run)
        if dry_run:
            return results, system
        for library, out in built.items():
            shutil.copymode(library, out)
            os.replace(out, library)
    after_bundle = Bundle(folder)
    broken = {
        p.relative_to(folder).as_posix(): sorted(unresolved_symbols(after_bundle, p) - before[p])
        for p in before
    }
    broken = {k: v for k, v in broken.items() if v}
    if broken:
        raise ValueError(
            "bundle_stubs: stubbing left symbols undefined: "
            + "; ".join(f"{k}: {', '.join(v[:5])}" for k, v in sorted(broken.items()))
        )
    return results, system


def _in(path: Path, plans: Iterable[StubPlan]) -> bool:
    return any(p.library == path for p in plans)


def summary(results: Sequence[StubResult], system: Sequence[SystemResult] = ()) -> str:
    saved = sum(r.saved for r in results) + sum(r.size for r in system)
    return (
        f"{len(results)} libraries stubbed, {len(system)} left to the desktop, "
        f"{saved / 2**20:.1f} MiB saved: "
        + ", ".join(f"{r.library.name} ({r.symbols} symbols)" for r in results)
        + "".join(f", {r.library.name} -> {r.soname}" for r in system)
    )


# A day a solver cannot serve whole: time windows, one visit whose window closes before the
# day starts (a disjunction forced inactive), services; and a 14-city TSPLIB tour.
_DAY = {
    "matrix": [
        [0 if i == j else 600 + 97 * ((i * 7 + j * 3) % 11) for j in range(9)] for i in range(9)
    ],
    "service": [0] + [1200] * 8,
    "windows": [[28800, 64800]]
    + [[30000 + 1800 * k, 50000 + 1800 * k] for k in range(7)]
    + [[1000, 500]],
    "day": [28800, 64800],
    "value": [0] + [1] * 8,
}
_TSP = (
    "NAME : check14\nTYPE : TSP\nDIMENSION : 14\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
    + "".join(f"{k + 1} {(k * 37) % 100} {(k * 61) % 100}\n" for k in range(14))
    + "EOF\n"
)


def check_routing(exe: Path, *, timeout: float = 300) -> None:
    """Run the bundle's OR-Tools routing (a day with windows and a TSPLIB tour); raise if a
    command fails, a stub was called, or another solver answered."""
    import json

    with tempfile.TemporaryDirectory(prefix="hdf-stub-check-") as tmp:
        work = Path(tmp)
        (work / "day.json").write_text(json.dumps(_DAY), encoding="utf-8")
        (work / "check.tsp").write_text(_TSP, encoding="ascii")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": tmp,
            "XDG_CONFIG_HOME": tmp,
            "XDG_DATA_HOME": tmp,
            "XDG_CACHE_HOME": tmp,
            "LANG": "C.UTF-8",
        }
        for args in (
            ["route", "solve", "day.json", "--solver", "ortools", "--time-limit", "1", "--json"],
            [
                "route",
                "solve",
                "--tsplib",
                "check.tsp",
                "--solver",
                "ortools",
                "--time-limit",
                "1",
                "--json",
            ],
        ):
            done = subprocess.run(
                [str(exe), *args],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            said = (done.stderr + done.stdout)[-1500:]
            if done.returncode != 0 or "carries a stub" in said:
                raise ValueError(f"bundle_stubs: `{' '.join(args)}` failed in the bundle: {said}")
            result = json.loads(done.stdout)
            if result.get("solver") != "ortools":
                raise ValueError(f"bundle_stubs: `{' '.join(args)}` was not solved by OR-Tools")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a built bundle, e.g. dist/hdf-field")
    ap.add_argument("--dry-run", action="store_true", help="build the stubs, replace nothing")
    ap.add_argument("--cc", default="cc", help="the C compiler (default: cc)")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 1
    results, system = shrink(args.folder, cc=args.cc, dry_run=args.dry_run)
    for r in results:
        print(
            f"{r.library.relative_to(args.folder)}: {r.before / 2**20:.1f} MiB -> "
            f"{r.after / 1024:.0f} KiB, {r.symbols} symbols for {', '.join(r.consumers)}"
        )
    for s in system:
        print(
            f"{s.library.relative_to(args.folder)}: {s.size / 2**20:.1f} MiB -> the desktop's "
            f"{s.soname}, for {', '.join(s.consumers)}"
        )
    print(("would be: " if args.dry_run else "") + summary(results, system))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
