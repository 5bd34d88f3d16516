"""Token checks: every kind of bad token is refused with 401/403 and a stable reason."""

from __future__ import annotations

import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.auth.demo_issuer import DemoIssuer, load_or_create_key
from api.auth.jws import b64url_encode, jwk_from_public_key, sign
from api.auth.tokens import AuthenticationRefused, KeySet, TokenVerifier
from infra.settings import ApiSettings
from domain.vocabulary import Role

ISSUER, AUDIENCE = "https://idp.gemeente.example", "wijkdossier-api"


def claims(**overrides):  # type: ignore[no-untyped-def]
    now = int(time.time())
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "cd-noord-01", "exp": now + 600, "nbf": now - 5, "iat": now - 5,
            "roles": ["case_director"], "team": "noord", "organisation": "wijkteam"}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


@pytest.fixture
def keys(tmp_path):  # type: ignore[no-untyped-def]
    """An IdP with three keys (EdDSA, ES256, RS256) published in a JWKS file."""
    private = {"ed": Ed25519PrivateKey.generate(), "ec": ec.generate_private_key(ec.SECP256R1()),
               "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048)}
    jwks = {"keys": [jwk_from_public_key(k.public_key(), kid) for kid, k in private.items()]}
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks))
    settings = ApiSettings(issuer=ISSUER, audience=AUDIENCE, jwks_file=path)
    return private, TokenVerifier(settings, KeySet.from_settings(settings))


def refusal(verifier, token):  # type: ignore[no-untyped-def]
    with pytest.raises(AuthenticationRefused) as caught:
        verifier.principal(token)
    return caught.value


@pytest.mark.parametrize("kid", ["ed", "ec", "rsa"])
def test_a_token_signed_with_any_configured_algorithm_gives_the_principal(keys, kid):  # type: ignore[no-untyped-def]
    private, verifier = keys
    principal = verifier.principal(sign(claims(), private[kid], kid))
    assert (principal.user_id, principal.role, principal.team) == ("cd-noord-01", Role.CASE_DIRECTOR, "noord")


def test_an_expired_token_is_refused_with_401(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    refused = refusal(verifier, sign(claims(exp=int(time.time()) - 120), private["ed"], "ed"))
    assert (refused.status, refused.reason, refused.subject) == (401, "token.expired", "cd-noord-01")


def test_a_token_without_expiry_is_refused(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    token = sign({k: v for k, v in claims().items() if k != "exp"}, private["ed"], "ed")
    assert refusal(verifier, token).reason == "token.no_expiry"


def test_a_token_that_is_not_yet_valid_is_refused(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    refused = refusal(verifier, sign(claims(nbf=int(time.time()) + 600), private["ed"], "ed"))
    assert (refused.status, refused.reason, refused.subject) == (401, "token.not_yet_valid", "cd-noord-01")


def test_a_token_issued_in_the_future_is_not_yet_valid(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    assert refusal(verifier, sign(claims(iat=int(time.time()) + 600), private["ed"], "ed")).reason == "token.not_yet_valid"


def test_a_clock_difference_within_the_leeway_is_accepted(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    now = int(time.time())
    token = sign(claims(exp=now - 5, nbf=now + 5, iat=now + 5), private["ed"], "ed")
    assert verifier.principal(token).user_id == "cd-noord-01"


@pytest.mark.parametrize(("claim", "reason"), [("iat", "token.no_issued_at"), ("sub", "token.no_subject"),
                                                ("iss", "token.wrong_issuer"), ("aud", "token.wrong_audience")])
def test_a_token_missing_a_required_claim_is_refused(keys, claim, reason):  # type: ignore[no-untyped-def]
    private, verifier = keys
    token = sign({k: v for k, v in claims().items() if k != claim}, private["ed"], "ed")
    assert (refusal(verifier, token).status, refusal(verifier, token).reason) == (401, reason)


def test_a_subject_that_is_not_text_is_refused(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    assert refusal(verifier, sign(claims(sub=12345), private["ed"], "ed")).reason == "token.no_subject"


def test_a_token_from_another_issuer_is_refused(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    refused = refusal(verifier, sign(claims(iss="https://evil.example"), private["ed"], "ed"))
    assert (refused.status, refused.reason) == (401, "token.wrong_issuer")


def test_a_token_for_another_audience_is_refused(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    refused = refusal(verifier, sign(claims(aud=["other-api"]), private["ed"], "ed"))
    assert (refused.status, refused.reason) == (401, "token.wrong_audience")


def test_a_token_with_a_changed_payload_fails_its_signature(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    header, _, signature = sign(claims(), private["ed"], "ed").split(".")
    forged = b64url_encode(json.dumps(claims(roles=["process_director"])).encode())
    refused = refusal(verifier, f"{header}.{forged}.{signature}")
    assert (refused.status, refused.reason, refused.subject) == (401, "token.bad_signature", None)


def test_a_token_signed_by_an_unknown_key_is_refused(keys):  # type: ignore[no-untyped-def]
    _, verifier = keys
    assert refusal(verifier, sign(claims(), Ed25519PrivateKey.generate(), "ed")).reason == "token.bad_signature"


def test_an_unsigned_token_with_alg_none_is_refused(keys):  # type: ignore[no-untyped-def]
    _, verifier = keys
    header = b64url_encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    payload = b64url_encode(json.dumps(claims()).encode())
    refused = refusal(verifier, f"{header}.{payload}.")
    assert (refused.status, refused.reason) == (401, "token.alg_none")


def test_an_hmac_token_is_refused_even_when_keyed_with_the_public_key(keys):  # type: ignore[no-untyped-def]
    import hashlib
    import hmac

    _, verifier = keys
    header = b64url_encode(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "rsa"}).encode())
    payload = b64url_encode(json.dumps(claims()).encode())
    mac = hmac.new(b"public-key-bytes", f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert refusal(verifier, f"{header}.{payload}.{b64url_encode(mac)}").reason == "token.alg_not_allowed"


def test_a_key_is_only_used_for_the_algorithm_of_its_type(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    header = b64url_encode(json.dumps({"alg": "ES256", "kid": "ed"}).encode())
    token = sign(claims(), private["ec"], "ec")
    _, payload, signature = token.split(".")
    assert refusal(verifier, f"{header}.{payload}.{signature}").reason == "token.alg_not_allowed"


def test_an_hmac_token_keyed_with_the_rsa_public_key_pem_is_refused(keys):  # type: ignore[no-untyped-def]
    """The classic confusion attack: HS256 with the server's public key as the shared secret."""
    import hashlib
    import hmac

    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private, verifier = keys
    pem = private["rsa"].public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    for kid in ("rsa", None):
        head = {"alg": "HS256", "typ": "JWT", **({"kid": kid} if kid else {})}
        signing_input = b64url_encode(json.dumps(head).encode()) + "." + b64url_encode(json.dumps(claims()).encode())
        mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
        refused = refusal(verifier, f"{signing_input}.{b64url_encode(mac)}")
        assert (refused.status, refused.reason, refused.subject) == (401, "token.alg_not_allowed", None)


def test_hmac_cannot_be_configured_as_an_accepted_algorithm():  # type: ignore[no-untyped-def]
    from infra.settings import SettingsError

    with pytest.raises(SettingsError, match="WIJKDOSSIER_TOKEN_ALGORITHMS"):
        ApiSettings(demo=True, algorithms=("HS256",)).check()


@pytest.mark.filterwarnings("ignore:The RSA key is 1024 bits")  # we sign with it on purpose
def test_a_published_symmetric_or_weak_key_is_never_used(tmp_path):  # type: ignore[no-untyped-def]
    import hashlib
    import hmac

    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    jwks = {"keys": [jwk_from_public_key(weak.public_key(), "weak"),
                     {"kty": "oct", "k": b64url_encode(b"shared-secret"), "kid": "oct", "alg": "HS256"}]}
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks))
    settings = ApiSettings(issuer=ISSUER, audience=AUDIENCE, jwks_file=path, algorithms=("RS256",))
    verifier = TokenVerifier(settings, KeySet.from_settings(settings))
    assert refusal(verifier, sign(claims(), weak, "weak")).reason == "token.unknown_key"
    head = b64url_encode(json.dumps({"alg": "HS256", "kid": "oct"}).encode())
    signing_input = head + "." + b64url_encode(json.dumps(claims()).encode())
    mac = hmac.new(b"shared-secret", signing_input.encode(), hashlib.sha256).digest()
    assert refusal(verifier, f"{signing_input}.{b64url_encode(mac)}").reason == "token.alg_not_allowed"


def test_a_token_without_a_key_id_is_checked_against_the_keys_of_its_algorithm(keys):  # type: ignore[no-untyped-def]
    import jwt

    private, verifier = keys
    token = jwt.encode(claims(), private["ec"], algorithm="ES256")
    assert verifier.principal(token).user_id == "cd-noord-01"
    forged = jwt.encode(claims(), ec.generate_private_key(ec.SECP256R1()), algorithm="ES256")
    assert refusal(verifier, forged).reason == "token.bad_signature"


def test_a_rotated_key_is_found_after_one_reload_of_the_key_set(tmp_path):  # type: ignore[no-untyped-def]
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk_from_public_key(old.public_key(), "old")]}))
    settings = ApiSettings(issuer=ISSUER, audience=AUDIENCE, jwks_file=path)
    source = KeySet.from_settings(settings)._source
    verifier = TokenVerifier(settings, KeySet(source, refresh_cooldown_seconds=0))
    assert verifier.principal(sign(claims(), old, "old")).user_id == "cd-noord-01"
    path.write_text(json.dumps({"keys": [jwk_from_public_key(new.public_key(), "new")]}))
    assert verifier.principal(sign(claims(), new, "new")).user_id == "cd-noord-01"
    assert refusal(verifier, sign(claims(), old, "old")).reason == "token.unknown_key"


def test_an_unreadable_key_set_is_refused_as_unavailable_not_as_a_bad_token(tmp_path):  # type: ignore[no-untyped-def]
    settings = ApiSettings(issuer=ISSUER, audience=AUDIENCE, jwks_file=tmp_path / "missing.json")
    verifier = TokenVerifier(settings, KeySet.from_settings(settings))
    refused = refusal(verifier, sign(claims(), Ed25519PrivateKey.generate(), "ed"))
    assert (refused.status, refused.reason) == (503, "token.keys_unavailable")


def test_a_token_without_a_wijkdossier_role_is_refused_with_403(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    refused = refusal(verifier, sign(claims(roles=["admin"]), private["ed"], "ed"))
    assert (refused.status, refused.reason) == (403, "token.missing_role")


def test_the_system_role_cannot_be_used_over_http(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    assert refusal(verifier, sign(claims(roles=["system"]), private["ed"], "ed")).reason == "token.missing_role"


@pytest.mark.parametrize("acr", [None, "basis", "midden", "urn:etoegang:core:assurance-class:loa2plus"])
def test_a_client_below_digid_substantieel_is_refused_with_403(keys, acr):  # type: ignore[no-untyped-def]
    private, verifier = keys
    refused = refusal(verifier, sign(claims(sub="person-anna", roles=["client"], acr=acr), private["ed"], "ed"))
    assert (refused.status, refused.reason) == (403, "token.authentication_level_too_low")


@pytest.mark.parametrize("acr", ["substantieel", "hoog", "http://eidas.europa.eu/LoA/substantial"])
def test_a_client_at_substantieel_or_higher_is_the_person_of_the_subject(keys, acr):  # type: ignore[no-untyped-def]
    private, verifier = keys
    principal = verifier.principal(sign(claims(sub="person-anna", roles=["client"], acr=acr), private["ed"], "ed"))
    assert (principal.role, principal.person_id) == (Role.CLIENT, "person-anna")


def test_a_legal_representative_carries_the_persons_represented(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    token = sign(claims(sub="rep-1", roles=["legal_representative"], acr="hoog", represents=["person-chris"]),
                 private["ed"], "ed")
    principal = verifier.principal(token)
    assert (principal.person_id, principal.represents) == (None, ("person-chris",))


def test_a_token_with_several_roles_needs_the_role_chosen(keys):  # type: ignore[no-untyped-def]
    private, verifier = keys
    token = sign(claims(roles=["case_director", "team_lead"]), private["ed"], "ed")
    assert refusal(verifier, token).reason == "token.choose_role"
    assert verifier.principal(token, requested_role="team_lead").role == Role.TEAM_LEAD


def test_garbage_is_refused_as_malformed(keys):  # type: ignore[no-untyped-def]
    _, verifier = keys
    for token in ["", "abc", "a.b", "a.b.c.d", "!!!.???.***", "x" * 20_000]:
        refused = refusal(verifier, token)
        assert (refused.status, refused.reason) == (401, "token.malformed")


def test_the_demo_issuer_keeps_its_key_under_var_and_its_tokens_verify(tmp_path):  # type: ignore[no-untyped-def]
    settings = ApiSettings(demo=True, var_dir=tmp_path)
    first = DemoIssuer.from_settings(settings)
    again = DemoIssuer.from_settings(settings)
    assert first.kid == again.kid and (tmp_path / "demo-issuer-key.pem").stat().st_mode & 0o077 == 0
    verifier = TokenVerifier(settings, KeySet.from_settings(settings, first.jwks()))
    assert verifier.principal(again.mint(role="client", subject="person-anna")).person_id == "person-anna"
    assert load_or_create_key(settings.demo_key_file) is not None


def test_outside_demo_mode_the_api_refuses_to_start_without_a_key_set():  # type: ignore[no-untyped-def]
    from infra.settings import SettingsError

    with pytest.raises(SettingsError, match="WIJKDOSSIER_JWKS_FILE"):
        ApiSettings(issuer=ISSUER, audience=AUDIENCE).check()
