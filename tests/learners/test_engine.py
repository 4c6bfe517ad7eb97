"""The one place where the domain meets metacore: no other module of learners or portal imports metacore, and the
engine imports no module of the domain (so it can be imported by all of them without a cycle)."""
import ast
import math
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


def test_it_takes_a_models_gain_from_the_learning_curve_where_it_has_the_skill():
    from learners.engine import with_curve_gain

    model = {"skill_vocabulary": [7, 8, 9], "gain": [0.3, 0.2, 0.1], "mastery": [0.0, 0.0, 0.0]}
    planned = with_curve_gain(model=model, curve={7: 1.0, 8: 0.5}, counts={7: 0, 8: 1})
    assert planned["gain"][0] == 1.0 and planned["gain"][2] == 0.1  # skill 9 has no curve: the generated gain
    assert abs(planned["gain"][1] - 0.5 * (math.log(3) - math.log(2)) / math.log(2)) < 1e-12
    assert planned["mastery"] == model["mastery"] and model["gain"] == [0.3, 0.2, 0.1]
    assert with_curve_gain(model=model, curve={}, counts={7: 4}) == model  # a version from before the curve
