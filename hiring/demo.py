"""Demo content for a fresh install: the Data Scientist kit, a log-in for every kind of user,
a requisition whose candidates went through the loop, a calibration run and their packets.

``build_demo`` runs one helper per part and is idempotent: a part that already exists is
left alone, so running it again changes nothing.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

import rubrics
from accounts.access import HIRING_MANAGER, INTERVIEWER, RECRUITER
from accounts.groups import ensure_groups
from hiring.demo_packets import build_demo_packets
from hiring.models import CalibrationRun
from interviews.demo import build_demo_pipeline
from rubrics.kits import import_kit
from rubrics.models import Role

DEMO_KIT = Path(rubrics.__file__).resolve().parent / "demo" / "data-scientist.yaml"
DEMO_ROLE_KEY = "data-scientist"
DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    groups: tuple[str, ...] = ()
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "Ada", "Admin", is_staff=True, is_superuser=True),
    DemoUser("rita", "Rita", "Mendes", (RECRUITER,), is_staff=True),
    DemoUser("hana", "Hana", "Kovač", (HIRING_MANAGER,)),
    DemoUser("ivan", "Ivan", "Horvat", (INTERVIEWER,)),
    DemoUser("ines", "Ines", "Carvalho", (INTERVIEWER,)),
    DemoUser("omar", "Omar", "Haddad", (INTERVIEWER,)),
    DemoUser("priya", "Priya", "Raman", (INTERVIEWER,)),
    DemoUser("tomas", "Tomas", "Novák", (INTERVIEWER,)),
    DemoUser("wen", "Wen", "Zhao", (INTERVIEWER,)),
    DemoUser("leila", "Leila", "Farahani", (INTERVIEWER,)),
    DemoUser("marco", "Marco", "Bellini", (INTERVIEWER,)),
)


@transaction.atomic
def build_demo(*, stdout: TextIO, packets: bool = True, pdfs: bool = True) -> None:
    """Load every part of the demo that is missing and report what was done on stdout.

    ``packets``: also calibrate and (``pdfs``) render every application's packet (about a second each).
    """
    _load_kit(stdout=stdout)
    _create_users(stdout=stdout)
    build_demo_pipeline(stdout=stdout)
    if packets:
        _build_packets(stdout=stdout, pdfs=pdfs)
    _print_logins(stdout=stdout)


def _build_packets(*, stdout: TextIO, pdfs: bool) -> None:
    if CalibrationRun.objects.exists():
        stdout.write("A calibration run exists already; packets left as they are.\n")
        return
    build_demo_packets(stdout=stdout, pdfs=pdfs)


def _load_kit(*, stdout: TextIO) -> None:
    if Role.objects.filter(key=DEMO_ROLE_KEY, published_from__isnull=True).exists():
        stdout.write(f"The role {DEMO_ROLE_KEY!r} exists already; its kit was left as it is.\n")
        return
    result = import_kit(text=DEMO_KIT.read_text(encoding="utf-8"), publish=True)
    stdout.write(f"Imported {result.role.title} and published it as version {result.version.version}.\n")


def _create_users(*, stdout: TextIO) -> None:
    ensure_groups()  # normally done by migrate; harmless to repeat
    User = get_user_model()
    created = []
    password = None
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            # Hashing is slow on purpose, so hash the shared demo password once for every new user.
            # Only new users get it: an existing account keeps whatever password it has.
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=demo.username, password=password, first_name=demo.first_name,
                last_name=demo.last_name, is_staff=demo.is_staff, is_superuser=demo.is_superuser,
            )
            created.append(demo.username)
        user.groups.add(*Group.objects.filter(name__in=demo.groups))
    stdout.write(f"Created {len(created)} demo users ({', '.join(created) or 'all existed already'}).\n")


def _print_logins(*, stdout: TextIO) -> None:
    rows = [("username", "password", "name", "can")]
    for demo in DEMO_USERS:
        can = "superuser" if demo.is_superuser else ", ".join(demo.groups)
        rows.append((demo.username, DEMO_PASSWORD, f"{demo.first_name} {demo.last_name}", can))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    stdout.write("\nDemo log-ins (the password is set only on accounts this command created):\n" + "\n".join(lines) + "\n")
