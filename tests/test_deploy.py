"""Deployment: docker-compose.yml, the Dockerfile, .env.example and the production settings.

Docker's engine does not run here, so the compose file and the Dockerfile are read and the
parts of them that Django takes part in (settings with the container's environment, the
build's collectstatic) are run in subprocesses.
"""

import ast
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import dj_database_url
import pytest
import yaml
from django.http.request import validate_host

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
VARIABLE_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=")
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def environment_variables_read(path: Path) -> set[str]:
    """Names a module reads with os.environ.get/[], os.getenv or settings' env_bool."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args:
            first = node.args[0]
            if (
                ast.unparse(node.func) in {"os.environ.get", "os.getenv", "env_bool"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                names.add(first.value)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            if isinstance(node.slice, ast.Constant):
                names.add(node.slice.value)
    return names


SETTINGS_VARIABLES = environment_variables_read(ROOT / "newsarchive" / "settings.py")
# what `make run` and the image read to serve: the command, gunicorn's settings, the ASGI app
SERVE_VARIABLES = environment_variables_read(
    ROOT / "articles" / "management" / "commands" / "serve.py"
) | environment_variables_read(ROOT / "newsarchive" / "gunicorn_conf.py") \
    | environment_variables_read(ROOT / "newsarchive" / "asgi.py")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def compose_environment(service: dict) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} substitution."""

    def substitute(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        current = variables.get(name)
        missing = current is None or (current == "" and op and op.startswith(":"))
        if not missing:
            return current
        if op and op.endswith("?"):
            raise LookupError(f"compose refuses to start: {name}: {arg}")
        return arg or ""

    return INTERPOLATION.sub(substitute, value)


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions, current = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        keyword, _, arguments = (current + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


def container_command_text() -> str:
    """The container's CMD, with the text of any repository script it runs."""
    (cmd,) = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "CMD"]
    words = json.loads(cmd) if cmd.startswith("[") else cmd.split()
    scripts = [
        (ROOT / word).read_text()
        for word in words
        if not word.startswith("/") and (ROOT / word).is_file()
    ]
    return "\n".join([" ".join(words), *scripts])


def gunicorn_bind() -> tuple[str, int]:
    command = container_command_text()
    assert "gunicorn" in command, "the container's command does not start gunicorn"
    match = re.search(r"(?:--bind|-b)[= ]\s*(\S+)", command[command.index("gunicorn") :])
    assert match, "gunicorn is started without --bind"
    host, _, port = match[1].strip("\"'").rpartition(":")
    return host, int(port)


def clean_environment(**variables: str) -> dict[str, str]:
    """This process's environment without the app's variables, plus ``variables``."""
    read = SETTINGS_VARIABLES | SERVE_VARIABLES
    env = {name: value for name, value in os.environ.items() if name not in read}
    env.update(variables)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsarchive.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_secret_key() -> str:
    return secrets.token_urlsafe(50)


def test_settings_variables_are_found():
    # The checks below compare against this set; an empty one would pass them vacuously.
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG"} <= SETTINGS_VARIABLES


def test_compose_runs_db_with_a_healthcheck_and_a_named_data_volume():
    config = compose()
    assert {"db", "web"} <= set(config["services"])
    db = config["services"]["db"]

    image, _, tag = db["image"].partition(":")
    assert image == "postgres"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])

    # The official image keeps its data at /var/lib/postgresql from 18 on, .../data before.
    data_dir = "/var/lib/postgresql" if int(tag.split(".")[0]) >= 18 else "/var/lib/postgresql/data"
    mounts = dict(volume.split(":")[:2] for volume in db["volumes"])
    named = {source: target for source, target in mounts.items() if "/" not in source}
    assert data_dir in named.values(), f"no named volume on {data_dir}: {db['volumes']}"
    for source in named:
        assert source in (config.get("volumes") or {}), f"volume {source} is not declared"


def test_web_starts_after_db_is_healthy():
    web = compose()["services"]["web"]
    assert web["build"] in (".", {"context": "."})
    assert web["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_front_publishes_port_8000_and_passes_requests_to_the_port_gunicorn_binds():
    services = compose()["services"]
    web, front = services["web"], services["front"]
    exposed = [
        int(port.split("/")[0])
        for keyword, arguments in dockerfile_instructions()
        if keyword == "EXPOSE"
        for port in arguments.split()
    ]
    host, port = gunicorn_bind()

    assert host == "0.0.0.0", "gunicorn must listen on all interfaces to be reachable"
    assert exposed == [port]
    # readers reach the archive only through the front
    assert "ports" not in web
    assert [str(mapping).rsplit(":", 1) for mapping in front["ports"]] == [["8000", "8000"]]
    assert front["depends_on"]["web"]["condition"] == "service_healthy"
    mounted = {volume.split(":")[1]: volume.split(":")[0] for volume in front["volumes"]}
    config = (ROOT / mounted["/etc/nginx/nginx.conf"]).read_text()
    assert f"server web:{port};" in config and "listen 8000;" in config
    # the reader's address is set, never passed on from the client, and the archive trusts
    # exactly one proxy (the login lockout counts real addresses)
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in config
    assert compose_environment(web)["NEWSARCHIVE_PROXY_COUNT"] == "1"
    healthcheck = " ".join(web["healthcheck"]["test"])
    assert f"127.0.0.1:{port}/healthz" in healthcheck or f"localhost:{port}/healthz" in healthcheck


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx-light; "
                                          ".ci/run installs it)")
def test_the_fronts_configuration_is_valid_nginx(tmp_path):
    # the compose network's names and paths, put where this machine's nginx can test them
    config = (ROOT / "docker" / "nginx.conf").read_text()
    config = (config.replace("server web:8000;", "server 127.0.0.1:8000;")
              .replace("/tmp/nginx-static", str(tmp_path / "static"))
              .replace("pid /tmp/nginx.pid;", f"pid {tmp_path / 'nginx.pid'};"))
    (tmp_path / "nginx.conf").write_text(config)
    result = subprocess.run([NGINX, "-t", "-c", str(tmp_path / "nginx.conf"), "-g",
                             f"error_log {tmp_path / 'error.log'};"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_container_migrates_before_serving():
    command = container_command_text()
    assert "manage.py migrate" in command
    assert command.index("manage.py migrate") < command.index("exec gunicorn")
    # with the settings `make run` serves with (newsarchive/gunicorn_conf.py)
    assert "--config python:newsarchive.gunicorn_conf" in command[command.index("exec gunicorn"):]


def test_web_database_url_points_at_the_db_service():
    services = compose()["services"]
    db_environment = compose_environment(services["db"])
    web_environment = compose_environment(services["web"])

    database = dj_database_url.parse(interpolate(web_environment["DATABASE_URL"], {}))

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db"
    assert database["PORT"] in ("", 5432)
    assert database["NAME"] == db_environment["POSTGRES_DB"]
    assert database["USER"] == db_environment["POSTGRES_USER"]
    assert database["PASSWORD"] == db_environment["POSTGRES_PASSWORD"]


def test_web_sets_only_variables_the_settings_read():
    web_environment = compose_environment(compose()["services"]["web"])

    unread = set(web_environment) - SETTINGS_VARIABLES
    assert not unread, f"docker-compose.yml sets variables settings.py never reads: {unread}"
    # No committed secret: compose refuses to start until the operator provides one.
    assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?[^}]+\}", web_environment["DJANGO_SECRET_KEY"])
    with pytest.raises(LookupError, match="DJANGO_SECRET_KEY"):
        interpolate(web_environment["DJANGO_SECRET_KEY"], {})


def test_compose_settings_serve_plain_http_on_localhost():
    web = compose()["services"]["web"]
    operator_env = {"DJANGO_SECRET_KEY": production_secret_key()}
    web_environment = {
        name: interpolate(value, operator_env)
        for name, value in compose_environment(web).items()
    }
    result = run_python(
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
        "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'secret_key': s.SECRET_KEY}))",
        clean_environment(**web_environment),
    )
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)

    assert settings["debug"] is False
    assert settings["secret_key"] == operator_env["DJANGO_SECRET_KEY"]
    # http://localhost:8000/ in a browser, and the container's own healthcheck.
    assert validate_host("localhost", settings["hosts"])
    healthcheck_host = re.search(r"http://([^:/]+)", " ".join(web["healthcheck"]["test"]))[1]
    assert validate_host(healthcheck_host, settings["hosts"])
    # Compose serves plain http: a redirect to https would leave nothing answering.
    assert settings["ssl_redirect"] is False


def test_dockerfile_collects_static_without_a_database(tmp_path):
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    baked = {
        line.split("=")[0]
        for keyword, arguments in instructions
        if keyword == "ENV"
        for line in arguments.split()
    }
    assert not baked & {"DJANGO_SECRET_KEY", "DATABASE_URL"}, "secrets baked into the image"
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users and users[-1] not in ("root", "0"), "the container must not run as root"

    (run,) = [arguments for keyword, arguments in instructions if "collectstatic" in arguments]
    build_env = dict(re.findall(r"\b([A-Z][A-Z0-9_]*)=(\S+)", run.split("manage.py")[0]))
    # Without DATABASE_URL the settings would start an embedded PostgreSQL in the build.
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY"} <= set(build_env)

    pgdata = tmp_path / "pg"
    static_root = tmp_path / "static"
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        f"settings.STATIC_ROOT = {str(static_root)!r}; "
        "from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)",
        clean_environment(**build_env, NEWSARCHIVE_PGDATA=str(pgdata)),
    )

    assert result.returncode == 0, result.stderr
    assert (static_root / "staticfiles.json").is_file(), "whitenoise's manifest is missing"
    assert (static_root / "admin" / "css" / "base.css").is_file()
    assert not pgdata.exists(), "collectstatic started an embedded PostgreSQL"


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_environment(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=production_secret_key(),
            DJANGO_ALLOWED_HOSTS="archive.example.org",
            DATABASE_URL=SYSTEM_POSTGRES_URL,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_a_secret_key(secret_key):
    env = clean_environment(DJANGO_DEBUG="0", DATABASE_URL=SYSTEM_POSTGRES_URL)
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key

    result = run_python("import django; django.setup()", env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr.splitlines()[-1]


def test_env_example_documents_every_variable():
    text = (ROOT / ".env.example").read_text()
    documented = set()
    for paragraph in text.split("\n\n"):
        lines = paragraph.strip().splitlines()
        names = [m[1] for m in map(VARIABLE_LINE.match, lines) if m]
        prose = [line for line in lines if line.startswith("#") and not VARIABLE_LINE.match(line)]
        assert not names or prose, f"{names} in .env.example have no comment"
        documented.update(names)

    entrypoint_variables = set(re.findall(r"\$\{(\w+)", container_command_text()))
    read = SETTINGS_VARIABLES | SERVE_VARIABLES

    assert SETTINGS_VARIABLES - documented == set()
    assert SERVE_VARIABLES - documented == set()
    assert documented - read - entrypoint_variables == set(), "documented but never read"


@pytest.mark.parametrize("proxy_count, secure", [(None, False), ("0", False), ("1", True)],
                         ids=["unset", "no-proxy", "one-proxy"])
def test_x_forwarded_proto_is_trusted_only_behind_a_declared_proxy(proxy_count, secure):
    # Anyone can send X-Forwarded-Proto: only a proxy the operator declared may be believed,
    # or a plain-http request passes as https (secure cookies, no redirect) on its say-so.
    variables = dict(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=production_secret_key(),
                     DJANGO_ALLOWED_HOSTS="testserver", DATABASE_URL=SYSTEM_POSTGRES_URL,
                     DJANGO_SECURE_SSL_REDIRECT="1")
    if proxy_count is not None:
        variables["NEWSARCHIVE_PROXY_COUNT"] = proxy_count
    result = run_python(
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from django.test import RequestFactory; "
        "from django.middleware.security import SecurityMiddleware; "
        "r = RequestFactory().get('/articles/', headers={'X-Forwarded-Proto': 'https'}); "
        "redirect = SecurityMiddleware(lambda request: None).process_request(r); "
        "print(json.dumps({'header': s.SECURE_PROXY_SSL_HEADER, 'secure': r.is_secure(), "
        "'redirected': redirect is not None}))",
        clean_environment(**variables),
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.splitlines()[-1])

    if secure:
        assert answer == {"header": ["HTTP_X_FORWARDED_PROTO", "https"], "secure": True,
                          "redirected": False}
    else:  # taken for the plain http it is: redirected to https
        assert answer == {"header": None, "secure": False, "redirected": True}


def test_readme_configuration_table_documents_every_variable():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration"):readme.index("### Production")]
    documented = set(re.findall(r"^\| ([^|]+) \|", table, re.M))
    names = {name for cell in documented for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cell)}

    assert (SETTINGS_VARIABLES | SERVE_VARIABLES) - names == set()


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    """A model changed without a migration would break the next `migrate` on a user's
    archive; `makemigrations --check` exits non-zero when one is missing."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_the_image_installs_no_test_tools_and_make_installs_every_pin():
    def pins(name):
        return {line.split("==")[0].lower() for line in (ROOT / name).read_text().splitlines()
                if "==" in line and not line.startswith("#")}

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dev = {re.split(r"[=<>\[]", spec)[0].lower() for spec in project["optional-dependencies"]["dev"]}
    runtime = {re.split(r"[=<>\[]", spec)[0].lower() for spec in project["dependencies"]}
    installs = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"
                and "pip install" in arguments]
    assert installs and all("-r requirements.lock" in run for run in installs)
    assert dev and not dev & pins("requirements.lock")
    assert runtime <= pins("requirements.lock")
    assert runtime | dev <= pins("requirements-dev.lock")
    assert "requirements-dev.lock" in (ROOT / "Makefile").read_text()
