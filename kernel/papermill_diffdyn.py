"""papermill translator for the Java (diffdyn) kernel: `papermill in.ipynb out.ipynb -p D 32`.

Writes the injected-parameters cell as Java declarations with the rules of org.diffdyn.report.JavaParameters
(the `diffdyn report` command); PapermillShimTest checks that both write the same text. A parameter declared in the
cell tagged `parameters` keeps its declared type (`double LAMBDA = 0.5;` and `-p LAMBDA 1` give
`double LAMBDA = 1.0;`); papermill reads that cell through `inspect` before it writes the injected cell.

Enable it (see kernel/kernel.md): `pip install papermill ./kernel` registers the entry point
`papermill.engine: diffdyn = papermill_diffdyn:DiffdynEngine`; papermill loads it at start-up, which registers
the translator for the language `java` and the kernel `diffdyn`. Without installing: `python3 -m papermill_diffdyn
in.ipynb out.ipynb -p D 32` with this folder on PYTHONPATH.
"""
import math
import re

from papermill.translators import Translator, papermill_translators

COMMENT = "Parameters"
KEYWORDS = set("""abstract assert boolean break byte case catch char class const continue default do double else
enum extends final finally float for goto if implements import instanceof int interface long native new package
private protected public return short static strictfp super switch synchronized this throw throws transient try void
volatile while true false null var record yield _""".split())
IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
DECLARATION = re.compile(r"(?:final\s+)?(?P<type>[A-Za-z_$][\w$.]*(?:\s*<[^=]*>)?(?:\s*\[\s*\])*)\s+"
                         r"(?P<name>[A-Za-z_$][\w$]*)\s*=\s*(?P<value>.+)\Z", re.S | re.A)
PRIMITIVES = {"boolean", "int", "long", "short", "byte", "double", "float", "char"}


class ParameterError(ValueError):
    def __init__(self, name, value, valid):
        super().__init__("parameter '%s' = %s is not valid: expected %s" % (name, _show(value), valid))


def declarations(source):
    """[(name, type, value, help)] of `TYPE NAME = VALUE;` statements, as JavaParameters.declarations."""
    out, stmt, pending, depth, i, n = [], [], [], 0, 0, len(source)
    while i < n:
        c = source[i]
        if c == "\n":
            pending = []
            stmt.append(c)
            i += 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            for k in pending:
                out[k] = out[k][:3] + (source[i + 2:end].strip(),)
            pending = []
            i = end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = n if end < 0 else end + 2
            stmt.append(" ")
        elif c in "\"'":
            j = i + 1
            while j < n and source[j] != c and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            j = min(j + 1, n)
            stmt.append(source[i:j])
            i = j
        else:
            if c in "{([":
                depth += 1
            if c in "})]":
                depth = max(0, depth - 1)
            if c == ";" and depth == 0:
                m = DECLARATION.match("".join(stmt).strip())
                if m:
                    pending.append(len(out))
                    out.append((m.group("name"), re.sub(r"\s+", "", m.group("type")), m.group("value").strip(), ""))
                stmt = []
            else:
                stmt.append(c)
            i += 1
    return out


def cell(parameters, declared):
    """The injected cell: the comment line, then one declaration per parameter."""
    return "// %s\n" % COMMENT + "".join(declaration(k, v, declared.get(k)) + "\n" for k, v in parameters.items())


def declaration(name, value, declared_type=None):
    if not IDENTIFIER.match(name) or name in KEYWORDS:
        raise ParameterError(name, value, "a Java identifier (letters, digits, _ or $, not starting with a digit, "
                                          "not a keyword) as the parameter name")
    t = _inferred(name, value) if declared_type in (None, "var") else declared_type
    return "%s %s = %s;" % (t, name, literal(name, value, t))


def _whole(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _scalar_type(name, v, boxed):
    if v is None:
        return "Object"
    if isinstance(v, bool):
        return "Boolean" if boxed else "boolean"
    if _whole(v):
        if -2 ** 31 <= v < 2 ** 31:
            return "Integer" if boxed else "int"
        if -2 ** 63 <= v < 2 ** 63:
            return "Long" if boxed else "long"
        raise ParameterError(name, v, "a whole number from %d to %d" % (-2 ** 63, 2 ** 63 - 1))
    if isinstance(v, float):
        return "Double" if boxed else "double"
    if isinstance(v, str):
        return "String"
    raise ParameterError(name, v, "null, a boolean, a number, a string or a list of these")


def _inferred(name, v):
    if isinstance(v, list):
        element = None
        for x in v:
            if isinstance(x, (list, dict)):
                raise ParameterError(name, v, "a list of nulls, booleans, numbers or strings (no nested lists or maps)")
            if x is None:
                continue
            t = _scalar_type(name, x, True)
            if element is None or element == t:
                element = t
            elif {element, t} <= {"Integer", "Long", "Double"}:
                element = "Double" if "Double" in (element, t) else "Long"
            else:
                element = "Object"
        return "java.util.List<%s>" % (element or "Object")
    return _scalar_type(name, v, False)


def literal(name, v, t):
    t = re.sub(r"\s+", "", t)
    if t.endswith("[]"):
        if not isinstance(v, list):
            raise _bad(name, v, t)
        return "{" + ", ".join(literal(name, x, t[:-2]) for x in v) + "}"
    m = re.fullmatch(r"(?:java\.util\.)?List<(.+)>", t)
    if m:
        if not isinstance(v, list):
            raise _bad(name, v, t)
        return "java.util.List.of(" + ", ".join(literal(name, x, m.group(1)) for x in v) + ")"
    if v is None:
        if t in PRIMITIVES:
            raise _bad(name, v, t)
        return "null"
    if t in ("boolean", "Boolean"):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str) and v.lower() in ("true", "false"):
            return v.lower()
        raise _bad(name, v, t)
    if t in ("int", "Integer", "long", "Long", "short", "Short", "byte", "Byte"):
        b = _integral(v)
        bits = 64 if t.lower() == "long" else 16 if t[0] in "sS" else 8 if t[0] in "bB" else 32
        if b is None or not -2 ** (bits - 1) <= b < 2 ** (bits - 1):
            raise _bad(name, v, t)
        if bits == 64:
            return "%dL" % b
        if bits < 32:
            return "(%s) %d" % (t.lower(), b)
        return "%d" % b
    if t in ("double", "Double", "float", "Float"):
        f = t.lower() == "float"
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _bad(name, v, t)
        d = float(v)
        box = "Float" if f else "Double"
        if math.isnan(d):
            return box + ".NaN"
        if math.isinf(d):
            return box + (".POSITIVE_INFINITY" if d > 0 else ".NEGATIVE_INFINITY")
        if f and abs(d) > 3.4028234663852886e38:
            raise _bad(name, v, t)
        return repr(d) + ("f" if f else "")
    if t in ("String", "CharSequence", "java.lang.String"):
        return string_literal(_text(v))
    if t in ("Object", "java.lang.Object"):
        if isinstance(v, list):
            raise _bad(name, v, t)
        return literal(name, v, _scalar_type(name, v, True))
    raise ParameterError(name, v, "a parameter whose declared type the injected cell can write: boolean, int, long, "
                                  "short, byte, double, float, String, Object, their boxes, arrays or Lists of them, "
                                  "or var; the parameters cell declares '%s'" % t)


def _integral(v):
    if _whole(v):
        return v
    if isinstance(v, float) and math.isfinite(v) and v == int(v):
        return int(v)
    return None


def _text(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    return str(v)


def _show(v):
    return '"%s"' % v if isinstance(v, str) else _text(v)


def _bad(name, v, t):
    return ParameterError(name, v, "a value of the type the parameters cell declares, " + t)


ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def string_literal(s):
    return '"' + "".join(ESCAPES.get(c) or ("\\u%04x" % ord(c) if ord(c) < 0x20 or ord(c) == 0x7F else c)
                         for c in s) + '"'


class JavaTranslator(Translator):
    """papermill's Translator for Java; `inspect` remembers the declared types that `codify` then honours."""
    declared = {}

    @classmethod
    def comment(cls, cmt_str):
        return ("// %s" % cmt_str).strip()

    @classmethod
    def codify(cls, parameters, comment=COMMENT):
        declared, cls.declared = cls.declared, {}  # one notebook's declarations serve that notebook only
        return "%s\n" % cls.comment(comment) + "".join(
            declaration(k, v, declared.get(k)) + "\n" for k, v in parameters.items())

    @classmethod
    def inspect(cls, parameters_cell):
        from papermill.models import Parameter
        found = declarations(parameters_cell["source"])
        cls.declared = {name: t for name, t, _, _ in found}
        return [Parameter(name=n, inferred_type_name=t, default=v, help=h) for n, t, v, h in found]


def register():
    papermill_translators.register("java", JavaTranslator)
    papermill_translators.register("diffdyn", JavaTranslator)


register()

try:  # papermill's engine entry point loads this module; the engine itself is papermill's default
    from papermill.engines import NBClientEngine as DiffdynEngine  # noqa: F401
except ImportError:  # the test stub has no engines
    DiffdynEngine = None

if __name__ == "__main__":
    import sys
    from papermill.cli import papermill
    sys.exit(papermill())
