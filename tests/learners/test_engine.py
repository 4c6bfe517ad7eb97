"""The one place where the domain meets metacore: no other module of learners or portal imports metacore, and the
engine imports no module of the domain (so it can be imported by all of them without a cycle)."""
import ast
from pathlib import Path

import numpy as np
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


def test_it_blends_the_stored_model_with_the_online_estimate_of_the_students_attempts():
    from learners.engine import AttemptArrays, Engine, planning_models
    from metacore.online_estimate import OnlineEstimator

    prior = {"first_success": [0.5, 0.6, 0.7], "slope": [1.0, 0.5, 0.0], "ability_var": 0.3}
    engine = Engine(net=None, checkpoint={"online_prior": prior}, vocabulary=[7, 8, 9])
    model = {"skill_vocabulary": [9, 7, 10], "mastery": [1.0, 1.0, 1.0], "variance": [0.2] * 3, "gain": [0.3] * 3}
    attempts = AttemptArrays(students=np.array([5, 5, 5]), skills=np.array([7, 7, 8]),
                             scores=np.array([1.0, 0.0, 1.0], dtype=np.float32))
    planned = planning_models(engine=engine, models={5: model, 6: model}, attempts=attempts)
    for student, answers in ((5, ((0, 1.0), (0, 0.0), (1, 1.0))), (6, ())):
        est = OnlineEstimator(np.array(prior["first_success"]), np.array(prior["slope"]), 1, ability_var=0.3)
        for skill, y in answers:
            est.update(np.array([skill]), np.array([y]))
        m, g, v = (a[0, [2, 0]] for a in est.arrays())  # skills 9 and 7 of the model
        np.testing.assert_allclose(planned[student]["mastery"][:2], 0.25 * 1.0 + 0.75 * m)
        np.testing.assert_allclose(planned[student]["variance"][:2], 0.25 * 0.2 + 0.75 * v)
        np.testing.assert_allclose(planned[student]["gain"][:2], g)
        assert [planned[student][k][2] for k in ("mastery", "variance", "gain")] == [1.0, 0.2, 0.3]  # not the version's
    assert planned[5]["mastery"] != planned[6]["mastery"] and model["mastery"] == [1.0] * 3
    older = Engine(net=None, checkpoint={}, vocabulary=[7, 8, 9])  # a version trained before the online prior
    assert planning_models(engine=older, models={5: model}, attempts=attempts) == {5: model}

