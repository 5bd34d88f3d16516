"""`wijkdossier verify`, `keys public`, `keys rotate-signing`, `checkpoint`, `bundle`,
`verify-bundle` and `erase`."""

from __future__ import annotations

import argparse
import json
import sys

from cli.arguments import uuid_argument
from cli.output import add_json_option, emit, write_json
from infra.crypto.errors import CryptoError
from infra.errors import register_speaking_error
from cli.operator import EXIT_DENIED, add_identity_options, principal_from_args, report_denial
from privacy.model import Channel
from wiring import Services, bootstrap

register_speaking_error(CryptoError)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    verify = subparsers.add_parser("verify", help="controleer alle hashketens en ondertekende controlepunten (ook de toegangslog); exitcode 1 bij een fout")
    add_json_option(verify, "ok, events_checked, streams, checkpoints_checked, uncovered_events, access_log_checked, "
                            "first_problem, problems")
    verify.set_defaults(handler=run_verify)

    keys = subparsers.add_parser("keys", help="ondertekensleutels van de gemeente")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="KEYS_COMMAND", required=True)
    public = keys_sub.add_parser("public", help="toon de publieke sleutels (JWK-set)")
    add_json_option(public, "keys: the JWK set")
    public.set_defaults(handler=run_keys_public)
    rotate = keys_sub.add_parser("rotate-signing", help="onderteken voortaan met een nieuwe sleutel; oude sleutels blijven gepubliceerd")
    add_json_option(rotate, "key_id")
    rotate.set_defaults(handler=run_rotate_signing)
    master = keys_sub.add_parser(
        "rotate-master", help="verpak alle sleutels opnieuw onder een nieuwe hoofdsleutel (stop eerst alle servers)")
    master.add_argument("--new-key-file", required=True, metavar="FILE",
                        help="bestand met de nieuwe hoofdsleutel (32 willekeurige bytes, base64 of hex)")
    add_json_option(master, "rewrapped, old_master_key_id, new_master_key_id")
    master.set_defaults(handler=run_rotate_master)

    checkpoint = subparsers.add_parser("checkpoint", help="onderteken nu een controlepunt over de kop van de keten")
    add_json_option(checkpoint, "sequence, position, event_count, key_id")
    checkpoint.set_defaults(handler=run_checkpoint)

    bundle = subparsers.add_parser(
        "bundle", help="controlebundel van een huishouden (JSON) voor een onafhankelijke controle")
    bundle.add_argument("household_id", metavar="HOUSEHOLD_ID", type=uuid_argument)
    bundle.add_argument("--complaint", metavar="COMPLAINT_ID", type=uuid_argument,
                        help="de bundel voor de reikwijdte van deze klacht (een klacht over HOUSEHOLD_ID)")
    add_identity_options(bundle, default_purpose="complaint_handling")
    add_json_option(bundle, "the bundle, on one line")
    bundle.set_defaults(handler=run_bundle)

    check = subparsers.add_parser("verify-bundle", help="controleer een controlebundel; exitcode 0 in orde, 1 met wat er mis is")
    check.add_argument("file", metavar="FILE", help="de bundel (JSON); - leest standaardinvoer")
    check.add_argument("--keys", metavar="KEYS_FILE_OR_URL",
                       help="de gepubliceerde sleutels van de gemeente (JWK-set): een bestand van 'wijkdossier keys "
                            "public' of de URL van /.well-known/wijkdossier-keys; hiertegen wordt gecontroleerd")
    check.add_argument("--trust-bundle-keys", action="store_true",
                       help="alleen om te proberen: vertrouw de sleutels die in de bundel zelf staan (bewijst niet "
                            "dat de gemeente de bundel ondertekende; er komt een waarschuwing)")
    add_json_option(check, "ok, summary, problems")
    check.set_defaults(handler=run_verify_bundle)

    erase = subparsers.add_parser("erase", help="wis een huishouden voorgoed (sleutel vernietigen); het wissen wordt vastgelegd")
    erase.add_argument("household_id", metavar="HOUSEHOLD_ID", type=uuid_argument)
    erase.add_argument("--reason", required=True,
                       help="waarom: de verlopen bewaartermijn, of het wisbesluit ('AVG art. 17 besluit <nr>')")
    erase.add_argument("--legal-basis", help="de grondslag om vast te leggen, als die anders is dan --reason")
    add_identity_options(erase, default_purpose="support")
    add_json_option(erase, "household_id, erased, decision_reference, retention_until")
    erase.set_defaults(handler=run_erase)


def run_verify(args: argparse.Namespace) -> int:
    with bootstrap(args.settings) as services:
        result = services.integrity.verify(access_log=services.access_log_chain)
    first = result.first_problem
    if args.json:
        write_json({
            "ok": result.ok,
            "events_checked": result.events_checked,
            "streams": result.streams,
            "checkpoints_checked": result.checkpoints_checked,
            "uncovered_events": result.uncovered_events,
            "access_log_checked": result.access_log_checked,
            "first_problem": None if first is None else {"position": first.position, "kind": first.kind, "where": first.where, "detail": first.detail},
            "problems": len(result.problems),
        })
    elif first is None:
        access_log = "de toegangslog ook" if result.access_log_checked else "geen toegangslog gevonden"
        print(
            f"intact: {result.events_checked} gebeurtenissen in {result.streams} reeksen, "
            f"{result.checkpoints_checked} ondertekende controlepunten, {access_log}; "
            f"{result.uncovered_events} gebeurtenissen nog niet onder een controlepunt"
        )
    else:
        print(f"NIET INTACT: eerste foute positie {first.position} ({first.where}): {first.kind} - {first.detail}",
              file=sys.stderr)
        print(f"{len(result.problems)} probleem/problemen in totaal", file=sys.stderr)
    return 0 if result.ok else 1


def run_rotate_master(args: argparse.Namespace) -> int:
    from pathlib import Path

    from infra.crypto.master_key import MAKE_ONE, MasterKey, MasterKeyError, is_default_like, parse_key_text

    try:
        text = Path(args.new_key_file).read_text(encoding="utf-8")
    except OSError as exc:
        raise MasterKeyError(f"--new-key-file: {args.new_key_file} kan niet worden gelezen ({exc.strerror}); geef "
                             "het bestand met de nieuwe hoofdsleutel") from None
    key = parse_key_text(text, "--new-key-file")
    # The same refusal as at start: a key every process would refuse must not wrap the keys.
    if is_default_like(key):
        raise MasterKeyError(f"--new-key-file: de nieuwe hoofdsleutel lijkt een standaard- of voorbeeldwaarde; "
                             f"{MAKE_ONE}.")
    new = MasterKey(key, source=f"file {args.new_key_file}")
    with bootstrap(args.settings) as services:
        key_store = services.integrity.key_store
        old_id = key_store.master.key_id
        count = key_store.rotate_master_key(new)
    if args.json:
        write_json({"rewrapped": count, "old_master_key_id": old_id, "new_master_key_id": new.key_id})
    else:
        print(f"{count} sleutels opnieuw verpakt onder hoofdsleutel {new.key_id} (was {old_id}). Zet nu "
              "WIJKDOSSIER_MASTER_KEY(_FILE) op de nieuwe sleutel voor elk proces en start ze; bewaar de oude "
              "sleutel tot de back-ups van vóór vandaag verlopen zijn.")
    return 0


def run_keys_public(args: argparse.Namespace) -> int:
    with bootstrap(args.settings) as services:
        keys = services.integrity.public_keys()
    emit(args, keys)
    return 0


def run_rotate_signing(args: argparse.Namespace) -> int:
    with bootstrap(args.settings) as services:
        key_id = services.integrity.key_store.rotate_signing_key()
    emit(args, {"key_id": key_id}, lambda data: print(
        f"nieuwe ondertekensleutel {data['key_id']}; de eerdere sleutels blijven gepubliceerd voor oude controlepunten"))
    return 0


def run_checkpoint(args: argparse.Namespace) -> int:
    with bootstrap(args.settings) as services:
        checkpoint = services.integrity.create_checkpoint()
    assert checkpoint is not None
    content = checkpoint.content
    data = {"sequence": checkpoint.sequence, "position": content["position"], "event_count": content["event_count"],
            "key_id": checkpoint.key_id}
    emit(args, data, lambda d: print(
        f"controlepunt {d['sequence']}: positie {d['position']}, {d['event_count']} gebeurtenissen, sleutel {d['key_id']}"))
    return 0


# ------------------------------------------------------------------ bundles and erasure

def guarded(services: Services, principal, action, resource, purpose: str, fetch):  # type: ignore[no-untyped-def]
    """The one place these commands are decided and logged: the privacy guard decides, writes
    the access log line, then calls `fetch` (or refuses)."""
    return services.guard.read(principal, action, resource, purpose, Channel.CLI, fetch)


def authorised_bundle_read(services: Services, principal, household_id, complaint_id, purpose: str, fetch):  # type: ignore[no-untyped-def]
    """A bundle is an export of the verification section (hashes and signatures over encrypted events)."""
    from privacy.model import Action, Resource, Section

    resource = Resource(section=Section.VERIFICATION, household_id=household_id, complaint_id=complaint_id)
    return guarded(services, principal, Action.EXPORT, resource, purpose, fetch)


def run_bundle(args: argparse.Namespace) -> int:
    from uuid import UUID

    from domain.errors import InvalidValueError
    from infra.integrity.bundle import bundle_for_complaint, bundle_for_household
    from privacy.guard import AccessDeniedError

    principal = principal_from_args(args)
    household = UUID(args.household_id)  # both checked by the parser (cli.arguments.uuid_argument)
    complaint = UUID(args.complaint) if args.complaint else None
    with bootstrap(args.settings) as services:
        def fetch(_decision):  # type: ignore[no-untyped-def]
            if complaint is None:
                return bundle_for_household(services.dossiers, household)
            if services.dossiers.get_complaint(complaint).household_id != household:
                raise InvalidValueError("--complaint: that complaint is not about HOUSEHOLD_ID", field="complaint")
            return bundle_for_complaint(services.dossiers, complaint)
        try:
            bundle = authorised_bundle_read(services, principal, household, complaint, args.purpose, fetch)
        except AccessDeniedError as exc:
            print(f"wijkdossier: geweigerd: {exc}", file=sys.stderr)
            return EXIT_DENIED
    # For a person (or a file) indented with sorted keys, as bundles have always been written.
    emit(args, bundle, lambda b: write_json(b, indent=1, sort_keys=True))
    return 0


NO_PUBLISHED_KEYS = (
    "wijkdossier: geweigerd: geen gepubliceerde sleutels opgegeven. Een bundel bewijst pas iets als u hem "
    "controleert tegen de sleutels die de gemeente publiceert. Geef --keys met het bestand van 'wijkdossier "
    "keys public' of de URL van /.well-known/wijkdossier-keys. (Alleen om te proberen: --trust-bundle-keys.)")
TRUSTING_BUNDLE_KEYS = (
    "wijkdossier: waarschuwing: u vertrouwt de sleutels die in de bundel zelf staan. Dat laat alleen zien dat de "
    "bundel met zichzelf klopt, niet dat de gemeente hem ondertekende; wie de bundel vervalst, vervalst ook die "
    "sleutels. Controleer met --keys tegen de gepubliceerde sleutels.")
KEYS_FETCH_SECONDS = 10


def _published_keys_document(source: str) -> dict:  # type: ignore[type-arg]
    """The key document from a file, or from an http(s) URL (the municipality's /.well-known/wijkdossier-keys)."""
    if source.startswith(("http://", "https://")):
        import urllib.request

        with urllib.request.urlopen(source, timeout=KEYS_FETCH_SECONDS) as response:  # noqa: S310 - http(s) only
            return json.loads(response.read().decode("utf-8"))
    with open(source, encoding="utf-8") as keys_file:
        return json.load(keys_file)


def run_verify_bundle(args: argparse.Namespace) -> int:
    from urllib.error import URLError

    from infra.integrity.bundle import describe, verify_bundle
    from infra.integrity.bundle_check import trusted_keys_from_document

    if not args.keys and not args.trust_bundle_keys:
        print(NO_PUBLISHED_KEYS, file=sys.stderr)
        return 2
    try:
        text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
        bundle = json.loads(text)
    except OSError as exc:
        print(f"wijkdossier: {exc.filename}: kan niet worden gelezen ({exc.strerror})", file=sys.stderr)
        return 1
    except ValueError:
        print("wijkdossier: de bundel is geen geldige JSON", file=sys.stderr)
        return 1
    trusted = None
    if args.keys:
        try:
            document = _published_keys_document(args.keys)
            if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
                raise ValueError("no key list")
            trusted = trusted_keys_from_document(document)
        except (OSError, URLError) as exc:
            print(f"wijkdossier: de gepubliceerde sleutels ({args.keys}) zijn niet op te halen: "
                  f"{getattr(exc, 'reason', None) or getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 1
        except ValueError:
            print(f"wijkdossier: {args.keys} is geen sleuteldocument (JWK-set met 'keys')", file=sys.stderr)
            return 1
    else:
        print(TRUSTING_BUNDLE_KEYS, file=sys.stderr)
    result = verify_bundle(bundle, trusted_keys=trusted)
    if args.json:
        write_json({"ok": result.ok, "summary": describe(result), "problems": [str(p) for p in result.problems]})
        return 0 if result.ok else 1
    print(describe(result), file=sys.stdout if result.ok else sys.stderr)
    for problem in result.problems[1:10]:
        print(f"  ook: {problem}", file=sys.stderr)
    return 0 if result.ok else 1


def run_erase(args: argparse.Namespace) -> int:
    from uuid import UUID

    from domain.attribution import Attribution
    from infra.integrity.erasure import erase_household
    from privacy.guard import AccessDeniedError
    from privacy.model import Action, Resource, Section

    principal = principal_from_args(args)
    household = UUID(args.household_id)  # checked by the parser
    by = Attribution(actor_id=principal.user_id, actor_role=principal.role, reason=args.reason,
                     organisation=principal.organisation)
    with bootstrap(args.settings) as services:
        def erase(_decision):  # type: ignore[no-untyped-def]
            return erase_household(services.dossiers, household, by=by, legal_basis=args.legal_basis or args.reason)
        try:
            outcome = guarded(services, principal, Action.DELETE, Resource(section=Section.OVERVIEW, household_id=household),
                              args.purpose, erase)
        except AccessDeniedError as exc:
            return report_denial(exc)
    data = {"household_id": str(outcome.household_id), "erased": True,
            "decision_reference": outcome.decision_reference,
            "retention_until": outcome.retention_until.date().isoformat() if outcome.retention_until else None}

    def text(d):  # type: ignore[no-untyped-def]
        ground = (f"besluit {d['decision_reference']}" if d["decision_reference"]
                  else f"bewaartermijn verstreken op {d['retention_until']}")
        print(f"huishouden {d['household_id']} is gewist ({ground}); de sleutel is vernietigd, "
              "de hashketens blijven controleerbaar")
    emit(args, data, text)
    return 0
