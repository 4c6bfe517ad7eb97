"""No 500 from any input: every page that takes input, as the visitor who may use it, gets hostile values (huge
strings, unicode digits, NUL bytes, huge and negative ids, fields sent many times, deeply nested JSON, blanks,
random text) and answers with a page or a refusal, never a server error; a refusal writes nothing.

The pages, their fields and the people who may use them come from `tests/portal/test_access.py` (its `world`)."""
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learners.models import PlanOverride
from tests.portal.test_access import world  # noqa: F401  (the pytest fixture: users, ids of the shared school)

pytestmark = pytest.mark.django_db

EXAMPLES = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
ANSWERS = {200, 302, 400, 403, 404, 405, 429}  # a page, a redirect, or a refusal: never a 5xx
HUGE = 10 ** 30
DEEP = "[" * 10_000 + "]" * 10_000  # 10,000 nested arrays
FIXED = ["x" * 100_000, "٣", "²", "１２", "\x00", "1\x00", "", " ", "\t\n ", str(HUGE), str(-HUGE), "-1", "0",
         "1e309", "NaN", "inf", "[]", "{}", DEEP, '{"exercises": ' + DEEP + "}", "𝟙", "\u202e1", "%00", "../../"]
SCALAR = st.one_of(st.sampled_from(FIXED), st.text(max_size=40), st.integers().map(str))
# A value, the same value sent many times (up to the 1,000 fields Django reads), or a list for a single field.
VALUE = st.one_of(SCALAR, SCALAR.map(lambda v: [v] * 1000), st.lists(SCALAR, min_size=2, max_size=5))


@dataclass(frozen=True)
class Route:
    name: str
    actor: str  # who may use it: a key of world["users"]
    method: str = "GET"
    args: tuple = ()  # keys of `world`, as in test_access's table
    valid: dict = field(default_factory=dict)  # a valid submission; hostile values replace some of its fields
    fields: tuple = ()  # more fields to try than the valid ones

    def url(self, world, args=None) -> str:
        return reverse(self.name, args=args if args is not None else [world[key] for key in self.args])


EXERCISE = {"prompt": "What is $1+1$?", "kind": "number", "answer": "2", "rounding": "", "unit": "",
            "number_form": "", "fraction_form": "simplest", "expression_form": "", "choices": "", "hint": "",
            "solution": "", "save": "1"}
ROUTES = [
    Route("classroom", "teacher", args=("mine",), valid={"sort": "mastery", "cohort": "0", "skills": "skill"}),
    Route("classroom-attention", "teacher", args=("mine",), fields=("page", "sort")),
    Route("classroom-cohorts", "teacher", args=("mine",), fields=("cohort",)),
    Route("classroom-skill", "teacher", "POST", ("mine", "skill"), {"action": "add", "prerequisite": "skill"}),
    Route("student-plan", "teacher", "POST", ("student",),
          {"action": "add", "skill": "skill", "position": "1", "per_session": "1", "reason": "test"}),
    Route("override-withdraw", "teacher", "POST", ("override",), fields=("reason",)),
    Route("exercise-new", "teacher", "POST", ("mine", "skill"), EXERCISE),
    Route("exercise-edit", "teacher", "POST", ("mine", "skill", "exercise"), EXERCISE),
    Route("exercise-delete", "teacher", "POST", ("mine", "skill", "exercise"), fields=("confirm",)),
    Route("skill-exercises", "teacher", "POST", ("mine", "skill"),
          {"content": "prompt,kind,answer\nWhat is 2?,number,2\n", "fmt": "csv", "confirm": "1"}),
    Route("skill-exercises-export", "teacher", args=("mine", "skill", "csv"), fields=("fmt",)),
    Route("classroom-new", "teacher", "POST", valid={"name": "Class 9", "skills": "skill", "goal_skills": "skill"},
          fields=("school",)),
    Route("classroom-edit", "teacher", "POST", ("mine",), {"skills": "skill", "goal_skills": "skill"}),
    Route("classroom-students", "teacher", "POST", ("mine",),
          {"display_name": "Kid Nine", "username": "kid9", "password": ""}),
    Route("roster-upload", "teacher", "POST", ("mine",), {"content": "name,username\nKid,kid7\n", "confirm": "1"}),
    Route("classroom-enroll", "teacher", "POST", ("mine",), fields=("students",)),
    Route("login-cards", "teacher", args=("mine",), fields=("confirm",)),
    Route("login-cards-print", "teacher", "POST", ("mine",), fields=("confirm",)),
    Route("student-password", "teacher", "POST", ("student",), fields=("password",)),
    Route("attempts-upload", "teacher", "POST", ("mine",), fields=("file",)),
    Route("attempts-upload-status", "teacher", args=("upload",), fields=("since",)),
    Route("attempts-upload-json", "teacher", args=("upload",), fields=("since",)),
    Route("attempts-upload-import", "teacher", "POST", ("upload",), fields=("confirm",)),
    Route("classroom-unenroll", "teacher", "POST", ("mine", "student"), fields=("confirm",)),
    Route("classroom-export", "teacher", args=("mine", "attempts"), fields=("since", "until")),
    Route("classroom-chart", "teacher", args=("mine", "cohort_map"), fields=("cohort",)),
    Route("classroom-skill-chart", "teacher", args=("mine", "skill", "skill_spread"), fields=("since",)),
    Route("student-chart", "teacher", args=("student", "mastery_chart"), fields=("since",)),
    Route("my-progress-chart", "student", args=("mastery_chart",), fields=("since",)),
    Route("my-plan", "student", fields=("page",)),
    Route("my-progress", "student", fields=("since", "skill")),
    Route("practice", "student", "POST", valid={"item": "", "exercise": "", "key": "", "started": "", "answer": "2"}),
    Route("practice-skip", "student", "POST", valid={"item": ""}),
    Route("staff-models", "staff", fields=("page",)),
    Route("staff-runs-json", "staff", fields=("since",)),
    Route("staff-retrain", "staff", "POST", fields=("epochs", "version")),
    Route("staff-activate", "staff", "POST", ("version",), fields=("confirm",)),
    Route("login", "anonymous", "POST", valid={"username": "kid", "password": "secret", "next": "/"}),
    Route("password_reset", "anonymous", "POST", valid={"email": "kid@example.com"}),
    Route("password_reset_confirm", "anonymous", "POST", ("uid", "token"),
          {"new_password1": "a-long-new-pass", "new_password2": "a-long-new-pass"}),
    Route("password_change", "student", "POST",
          valid={"old_password": "x", "new_password1": "a-long-new-pass", "new_password2": "a-long-new-pass"}),
    Route("set_language", "anonymous", "POST", valid={"language": "zh-hans", "next": "/"}),
    Route("home", "teacher", fields=("next", "lang")),
    Route("healthz", "anonymous", fields=("verbose",)),
]


def row_counts() -> dict[str, int]:
    """Rows of every table a request could write to (the project's and the users), by model."""
    models = [*apps.get_app_config("learners").get_models(), get_user_model()]
    return {model.__name__: model.objects.count() for model in models}


def ids_in(valid: dict, world: dict) -> dict:
    """The valid submission with keys of `world` (e.g. "skill") turned into their ids."""
    return {key: str(world[value]) if value in world and key != "fmt" else value for key, value in valid.items()}


def practice_form(client) -> dict:
    """The fields of the exercise the Practice page shows now (its item, exercise and signed key)."""
    shown = client.get(reverse("practice")).context
    if shown.get("exercise") is None:
        return {}
    return {"item": str(shown["item"].pk), "exercise": str(shown["exercise"].pk), "key": shown["key"],
            "started": str(shown["started"])}


def check(client, route: Route, url: str, data: dict, files: dict | None = None) -> None:
    PlanOverride.objects.update(active=True)  # a withdrawal does not hide the override from the next example
    before = row_counts()
    if route.method == "GET":
        answer = client.get(url, data)
    else:
        answer = client.post(url, {**data, **(files or {})})
    status = answer.status_code
    assert status in ANSWERS, f"{route.name} {url} {short(data)}: {status}"
    if status >= 400:
        assert row_counts() == before, f"{route.name} {short(data)}: a refusal ({status}) wrote rows"
        if status in (400, 429) and answer.get("Content-Type", "").startswith("text/html"):
            assert answer.content.strip(), f"{route.name}: a {status} without a message"


def short(data: dict) -> str:
    return repr({k: (v if len(repr(v)) < 80 else repr(v)[:80] + "…") for k, v in data.items()})


def sign_in(client, world, actor: str) -> None:
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.name}")
def test_it_answers_hostile_fields_without_a_server_error(client, world, route):
    sign_in(client, world, route.actor)
    valid = ids_in(route.valid, world)
    url = route.url(world)
    names = sorted(set(valid) | set(route.fields))

    @EXAMPLES
    @given(hostile=st.dictionaries(st.sampled_from(names), VALUE, min_size=1, max_size=len(names)))
    def sends(hostile):
        base = {**valid, **practice_form(client)} if route.name == "practice" else valid
        check(client, route, url, {**base, **hostile})

    sends()


# The exercise import's upload: a file's name, bytes and size as an attacker likes them.
UPLOAD = st.one_of(
    st.sampled_from([DEEP.encode(), ('{"exercises": ' + DEEP + "}").encode(), b"\x00" * 1000, b"\xff\xfe\x00",
                     b"x" * 300_000, b"", "prompt,kind,answer\n\x00,number,٣\n".encode(),
                     b'[{"prompt": "q", "kind": "number", "answer": "1", "decimals": "' + b"9" * 5000 + b'"}]',
                     b'[{"prompt": "q", "kind": "number", "answer": "1", "decimals": "-3"}]',
                     b'[{"prompt": "q", "kind": "number", "answer": "1", "choices": {"a": 1}}]',
                     b'[{"prompt": ["q"], "kind": 1, "answer": null}]']),
    st.binary(max_size=200), st.text(max_size=200).map(str.encode))


def test_it_answers_hostile_exercise_files_without_a_server_error(client, world):
    route = next(r for r in ROUTES if r.name == "skill-exercises")
    sign_in(client, world, route.actor)

    @EXAMPLES
    @given(content=UPLOAD, name=st.sampled_from(["x.json", "x.csv", "x", "\x00.json", "٣.JSON"]),
           confirm=st.booleans())
    def sends(content, name, confirm):
        check(client, route, route.url(world), {"confirm": "1"} if confirm else {},
              {"file": SimpleUploadedFile(name.replace("\x00", "_"), content)})

    sends()


# Roster and attempts files: bytes, encodings and sizes as an attacker likes them.
CSV_UPLOAD = st.one_of(
    st.sampled_from([b"\x00" * 1000, b"\xff\xfe\x00", "name,username\nAnaïs,anaïs\n".encode("utf-16"),
                     "name,username\nAnaïs,anais\n".encode("latin-1"), b"name,username\n" + b"a,b\n" * 600,
                     b"student,skill,timestamp,correct\nada,k0,2026-01-01,1\x00\n", b'"' * 300_000,
                     b"student,skill,timestamp,correct\n" + b"ada,k0,2026-01-01T10:00:00,1," + b"9" * 200_000,
                     b"student,skill,timestamp,correct\nada,k0,1e309,1\nada,k0,NaN,2\n", b""]),
    st.binary(max_size=200), st.text(max_size=200).map(str.encode))


@pytest.mark.parametrize("name", ["roster-upload", "attempts-upload"])
def test_it_answers_hostile_roster_and_attempts_files_without_a_server_error(client, world, name, settings):
    settings.ATTEMPT_UPLOAD_MAX_BYTES = 250_000
    route = next(r for r in ROUTES if r.name == name)
    sign_in(client, world, route.actor)

    @EXAMPLES
    @given(content=CSV_UPLOAD, confirm=st.booleans())
    def sends(content, confirm):
        check(client, route, route.url(world), {"confirm": "1"} if confirm else {},
              {"file": SimpleUploadedFile("x.csv", content)})

    sends()


ID_ROUTES = [r for r in ROUTES if any(key in ("mine", "skill", "student", "override", "exercise", "version", "upload")
                                      for key in r.args)]


@pytest.mark.parametrize("route", ID_ROUTES, ids=lambda r: f"{r.method} {r.name}")
@pytest.mark.parametrize("wrong_id", [HUGE, 2 ** 63, 2 ** 63 - 1, 0, 999_999])
def test_it_answers_ids_no_row_has_with_a_404(client, world, route, wrong_id):
    sign_in(client, world, route.actor)
    for index, key in enumerate(route.args):
        if isinstance(world[key], int):
            args = [world[k] for k in route.args]
            args[index] = wrong_id
            check(client, route, route.url(world, args), ids_in(route.valid, world))
            assert client.generic(route.method, route.url(world, args)).status_code == 404, (route.name, key)


# Path parameters that are text: a password reset link's uid and token, an export's format, a chart's name.
TEXT_PARTS = {"password_reset_confirm": ("uid", "token"), "skill-exercises-export": ("csv",),
              "classroom-export": ("attempts",), "student-chart": ("mastery_chart",)}
PATH_TEXT = st.one_of(st.sampled_from(["x" * 3000, "٣", "\x00", "%00", "..", str(HUGE), "-1", "csv\x00", "set-password"]),
                      st.text(min_size=1, max_size=40)).filter(lambda part: "/" not in part)


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in TEXT_PARTS], ids=lambda r: f"{r.method} {r.name}")
def test_it_answers_hostile_text_in_the_path_without_a_server_error(client, world, route):
    sign_in(client, world, route.actor)

    @EXAMPLES
    @given(part=PATH_TEXT, where=st.sampled_from(TEXT_PARTS[route.name]))
    def sends(part, where):
        args = [part if key == where else world[key] for key in route.args]
        try:
            url = route.url(world, args)
        except NoReverseMatch:  # a slug the URL pattern cannot hold: the resolver answers 404 before any view
            return
        check(client, route, url, ids_in(route.valid, world))

    sends()
