"""The shape of the code: layers a newcomer can see, no import cycles, modules of a readable size,
no private internals of Python or of libraries, and a README that names every option."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "claimcheck"
README = Path(__file__).resolve().parents[1] / "README.md"

#: The layers, lowest first.  A module imports only from its own layer or the ones before it.
LAYERS = [
    ("text helpers", {"text", "model", "vocabulary", "files"}),
    ("figure reading", {"periods", "figure_periods", "number_phrases", "figures"}),
    ("the table", {"table", "cache", "index"}),
    ("matching and verdicts", {"match", "verdict", "selfcheck"}),
    ("documents, lint, output", {"documents", "discover", "context", "lint", "filters", "metadata", "extract",
                                 "distributed", "output", "output.common", "output.text", "output.concise",
                                 "output.jsonout", "output.github", "output.sarif", "output.claimreview"}),
    ("the command line", {"config", "commands", "commands.check", "commands.lint", "commands.validate",
                          "commands.extract", "commands.browse", "cli", "__main__"}),
]
LAYER_OF = {name: k for k, (_, names) in enumerate(LAYERS) for name in names}
MAX_LINES = 900
MAX_CLI_LINES = 450


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1]) if parts[-1] == "__init__" else ".".join(parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every claimcheck module ``name`` imports, at module level or inside a function."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:  # "from . import lint": the module, if it is one
                sub = f"{target}.{alias.name}" if target else alias.name
                found.add(sub if sub in MODULES else target)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("claimcheck"):
            found.add(node.module.removeprefix("claimcheck").lstrip("."))
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("claimcheck").lstrip(".") for a in node.names if a.name.startswith("claimcheck")}
    found.discard(name)
    # ``from . import __version__``: the package root holds the version and lazy accessors only
    found.discard("")
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items() if name}


def test_every_module_has_a_layer():
    assert set(GRAPH) == set(LAYER_OF), (sorted(set(GRAPH) - set(LAYER_OF)), sorted(set(LAYER_OF) - set(GRAPH)))


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_go_down_the_layers(name):
    upward = {dep for dep in GRAPH[name] if LAYER_OF[dep] > LAYER_OF[name]}
    assert not upward, f"{name} ({LAYERS[LAYER_OF[name]][0]}) imports from a higher layer: {sorted(upward)}"


def test_no_import_cycles():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(GRAPH[name]):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(dep):] + [dep]))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


def test_the_package_root_imports_nothing_at_start_up():
    tree = ast.parse((SRC / "__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
                and not (isinstance(n, ast.ImportFrom) and n.module == "__future__")]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_readable(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    limit = MAX_CLI_LINES if name == "cli" else MAX_LINES
    assert lines <= limit, f"{name}: {lines} lines (at most {limit}); split it along a seam"


_PRIVATE = re.compile(r"\b(?:sys|re|os|typing|click|typer|yaml|rich|pickle|gc|inspect|threading)\._(?!exit\b)[a-zA-Z]\w*"
                      r"|\bfrom\s+(?:typer|click|rich|yaml|markdown_it|syntok)\._\w*|\bimport\s+_(?:thread|posixsubprocess)\b")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_internals(name):
    hits = _PRIVATE.findall(MODULES[name].read_text(encoding="utf-8"))
    assert not hits, f"{name} uses private internals: {hits}"


def _cli_options() -> set[str]:
    import typer.main

    from claimcheck.cli import app

    group = typer.main.get_command(app)
    names = set()
    for command in group.commands.values():
        for param in command.params:
            names |= {o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")}
    return names - {"--help", "--install-completion", "--show-completion"}


def test_the_readme_names_every_option():
    text = README.read_text(encoding="utf-8")
    missing = sorted(o for o in _cli_options() if not re.search(re.escape(o) + r"(?![\w-])", text))
    assert not missing, f"options the README does not mention: {missing}"


def test_the_readme_names_every_command():
    import typer.main

    from claimcheck.cli import app

    text = README.read_text(encoding="utf-8")
    missing = [c for c in typer.main.get_command(app).commands if f"claimcheck {c}" not in text]
    assert not missing, missing


def test_the_readme_is_a_users_guide():
    """At most 300 lines; design and performance notes live under docs/ and benchmarks/."""
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, len(lines)
    for heading in ("## Install", "## Lint your first draft", "## CI recipes", "## Configuration",
                    "## How it decides", "## Exit status", "## Security", "### Add a claim from a new article"):
        assert heading in lines, heading
    assert (README.parent / "docs" / "design.md").is_file()
