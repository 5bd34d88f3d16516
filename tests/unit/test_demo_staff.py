"""The demo staff is fixed, readable and covers every role a person can hold."""

from __future__ import annotations

import re

from domain.vocabulary import Role
from demo.staff import TEAMS, demo_staff


def test_the_staff_holds_every_role_except_client_and_system():
    roles = {member.role for member in demo_staff()}
    assert roles == set(Role) - {Role.CLIENT, Role.SYSTEM}


def test_every_team_has_a_team_lead_a_process_director_and_several_case_directors():
    for team in TEAMS:
        roles = [m.role for m in demo_staff() if m.team == team]
        assert roles.count(Role.TEAM_LEAD) == 1
        assert roles.count(Role.PROCESS_DIRECTOR) == 1
        assert roles.count(Role.CASE_DIRECTOR) >= 3


def test_staff_ids_are_unique_and_readable_like_cd_noord_03():
    ids = [member.id for member in demo_staff()]
    assert len(ids) == len(set(ids))
    team_ids = [m.id for m in demo_staff() if m.team is not None]
    assert all(re.fullmatch(r"[a-z]{2}-(noord|zuid|oost|west)-\d{2}", i) for i in team_ids)
    assert "cd-noord-03" in ids


def test_the_staff_is_the_same_on_every_call():
    assert [m.as_dict() for m in demo_staff()] == [m.as_dict() for m in demo_staff()]
    assert all(m.name.strip() for m in demo_staff())
