"""Shared pieces for the integrity tests: a small dossier-like application and raw access
to the store for tampering (as an attacker with database access would)."""

from __future__ import annotations

import base64
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg
import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from infra.library_env import application_env
from infra.store import prepare_store
from domain.application import WijkdossierApplication
from infra.integrity.integrity_store import IntegrityStore, integrity_of
from infra.settings import StoreSettings

PERSONAL_STRINGS = ("Marieke Jansen-de Vries", "1984-03-17", "schuld bij woningcorporatie Ymere", "klacht over Pieter Bakker")


class Household(Aggregate):
    @event("Registered")
    def __init__(self, name: str, born: str):
        self.name = name
        self.born = born
        self.notes: list[str] = []

    @event("NoteAdded")
    def add_note(self, text: str) -> None:
        self.notes.append(text)


class Complaint(Aggregate):
    @event("Filed")
    def __init__(self, household_id: UUID, text: str):
        self.household_id = household_id
        self.text = text

    @event("Answered")
    def answer(self, text: str) -> None:
        self.answer_text = text


class DossierTestApp(Application):
    # Same name as the domain's application, so the CLI finds the PostgreSQL tables.
    name = WijkdossierApplication.name


def new_master_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def open_test_app(settings: StoreSettings, master_key: str, **extra: str) -> DossierTestApp:
    prepare_store(settings)
    env = application_env(settings)
    env.update({"WIJKDOSSIER_MASTER_KEY": master_key, "WIJKDOSSIER_CHECKPOINT_EVERY_SECONDS": "0", **extra})
    return DossierTestApp(env=env)


def fill(app: DossierTestApp, households: int = 3, notes: int = 2) -> list[UUID]:
    ids = []
    for n in range(households):
        household = Household(PERSONAL_STRINGS[0] if n == 0 else f"Bewoner {n}", PERSONAL_STRINGS[1])
        for i in range(notes):
            household.add_note(PERSONAL_STRINGS[2] if (n, i) == (0, 0) else f"notitie {i}")
        app.save(household)
        complaint = Complaint(household.id, PERSONAL_STRINGS[3])
        complaint.answer("beantwoord")
        app.save(complaint)
        ids.append(household.id)
    return ids


@pytest.fixture
def master_key() -> str:
    return new_master_key()


@pytest.fixture
def app(store_settings: StoreSettings, master_key: str) -> Iterator[DossierTestApp]:
    application = open_test_app(store_settings, master_key, WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS="5")
    yield application
    application.close()


@pytest.fixture
def integrity(app: DossierTestApp) -> IntegrityStore:
    return integrity_of(app)


class RawStore:
    """Direct SQL on the store with the append-only guard switched off."""

    def __init__(self, settings: StoreSettings, store: IntegrityStore):
        self.settings = settings
        self.events = store.tables.events
        self.chain = store.tables.chain
        self.checkpoints = store.tables.checkpoints
        self.position = store.tables.position_column
        self.is_postgres = settings.is_postgres

    @contextmanager
    def connect(self) -> Iterator[Any]:
        if self.is_postgres:
            with psycopg.connect(self.settings.conninfo(), autocommit=False) as conn:
                conn.execute(f'SET search_path TO "{self.settings.schema}"')
                conn.execute("SET session_replication_role = replica")  # triggers off, as a superuser could
                yield conn
                conn.commit()
        else:
            conn = sqlite3.connect(self.settings.sqlite_path)
            try:
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                    conn.execute(f"DROP TRIGGER {name}")
                yield conn
                conn.commit()
            finally:
                conn.close()

    def q(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.is_postgres else sql

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self.connect() as conn:
            return [tuple(r) for r in conn.execute(self.q(sql), params).fetchall()]

    def run(self, sql: str, params: tuple = ()) -> None:
        with self.connect() as conn:
            conn.execute(self.q(sql), params)

    def event_positions(self) -> list[int]:
        return [r[0] for r in self.rows(f"SELECT {self.position} FROM {self.events} ORDER BY {self.position}")]

    def state_at(self, position: int) -> bytes:
        return bytes(self.rows(f"SELECT state FROM {self.events} WHERE {self.position} = ?", (position,))[0][0])


@pytest.fixture
def raw(store_settings: StoreSettings, integrity: IntegrityStore) -> RawStore:
    return RawStore(store_settings, integrity)


# -- the domain application, for bundles, erasure and time travel ------------------------------

CHILD_NAME = "Sanne Jansen-de Vries"
HOME_VISIT_NOTE = "Huurachterstand van vier maanden; vader slaapt bij vrienden"


def open_dossier_app(settings: StoreSettings, **extra: str):  # noqa: ANN201 - WijkdossierApplication
    """The real dossier application on the integrity store, checkpoint timer off."""
    from domain.application import WijkdossierApplication

    prepare_store(settings)
    env = application_env(settings)
    env.update({"WIJKDOSSIER_CHECKPOINT_EVERY_SECONDS": "0", **extra})
    return WijkdossierApplication(env=env)


@pytest.fixture
def dossiers(store_settings: StoreSettings):  # noqa: ANN201
    application = open_dossier_app(store_settings)
    yield application
    application.close()


def household(app, *, child_born: str | None = "2012-02-11", close: bool = True, complaint: bool = False):  # noqa: ANN001, ANN201
    """A household with a parent (and a child), a home visit with a personal note, then closed.

    Returns (household id, complaint id or None)."""
    from tests.builders import ADULT, CASE_DIRECTOR, CHILD, cd, client, pd

    hid = app.receive_signal(source="school", reporter="Basisschool De Linde", description="Zorgen over een leerling",
                             team="noord", by=pd(0))
    app.open_dossier(hid, summary="Zorgen over de thuissituatie", by=pd(0))
    app.add_member(hid, person_id=ADULT, name=PERSONAL_STRINGS[0], date_of_birth=PERSONAL_STRINGS[1],
                   relation="parent", by=pd(0))
    if child_born:
        app.add_member(hid, person_id=CHILD, name=CHILD_NAME, date_of_birth=child_born, relation="child", by=pd(0))
    app.assign_case_director(hid, worker_id=CASE_DIRECTOR, by=pd(0.2))
    app.record_contact(hid, kind="home_visit", with_person_ids=[ADULT], note=HOME_VISIT_NOTE, by=cd(1))
    complaint_id = None
    if complaint:
        complaint_id = app.file_complaint(household_id=hid, complainant_person_id=ADULT, about_worker_id=CASE_DIRECTOR,
                                          subject="conduct", description=PERSONAL_STRINGS[3], by=client(2))
    if close:
        app.close_dossier(hid, by=cd(3))
    return hid, complaint_id
