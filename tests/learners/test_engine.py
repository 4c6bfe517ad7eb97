"""The one place where the domain meets metacore: no other module of learners or portal imports metacore, and the
engine imports no module of the domain (so it can be imported by all of them without a cycle)."""
import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ENGINE = Path("learners/engine.py")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in a file, at any depth (a function's imports too)."""
    found = []
    for node in ast.walk(ast.parse((ROOT / path).read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def of_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def modules_of(*folders: str) -> list[Path]:
    return sorted(path.relative_to(ROOT) for folder in folders for path in (ROOT / folder).rglob("*.py"))


def test_it_is_the_only_module_of_learners_and_portal_that_imports_metacore():
    importers = {f"{path}:{line} {module}" for path in modules_of("learners", "portal")
                 for line, module in imported_modules(path) if of_package(module, "metacore")}
    assert any(place.startswith(f"{ENGINE}:") for place in importers)  # the door is there, and found
    assert not {place for place in importers if not place.startswith(f"{ENGINE}:")}


def test_it_imports_no_module_of_the_domain():
    domain = [module for _line, module in imported_modules(ENGINE)
              if of_package(module, "learners") or of_package(module, "portal")]
    assert domain == []
