"""Our own checks of OCDS packages: what JSON Schema validation cannot see.

The schema says a field is a string; it cannot say that an award's `relatedLots` names a lot of
the tender, that a supplier is listed among the parties, that ids are unique, that a period
ends after it starts, or that releases are in date order. Each problem names its JSON Pointer
path. Pure Python on plain dicts: no database, no jsonschema.
"""

from dataclasses import dataclass

from .dates import parse
from .merge import compile_releases

# Words that would mean evaluation leaked into the publication. OCDS has no such fields.
SCORE_WORDS = ("score", "moderation", "evaluator")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


def check_release_package(package: dict, *, ocid: str | None = None) -> list[Problem]:
    """Problems with a release package whose releases should all be of `ocid` (default: the
    first release's)."""
    problems: list[Problem] = []
    releases = package.get("releases")
    if not isinstance(releases, list) or not releases:
        return [Problem("/releases", "A release package needs at least one release.")]
    releases = [r if isinstance(r, dict) else {} for r in releases]
    expected = ocid or (releases[0].get("ocid") if isinstance(releases[0], dict) else None)
    _check_release_list(releases, "/releases", expected, problems)
    for index, release in enumerate(releases):
        if isinstance(release, dict):
            problems += check_release(release, path=f"/releases/{index}", ocid=expected)
    return problems


def check_record_package(package: dict, *, ocid: str | None = None) -> list[Problem]:
    problems: list[Problem] = []
    records = package.get("records")
    if not isinstance(records, list) or not records:
        return [Problem("/records", "A record package needs at least one record.")]
    _duplicates(records, "/records", problems, key="ocid")
    for index, record in enumerate(records):
        path = f"/records/{index}"
        if not isinstance(record, dict):
            problems.append(Problem(path, "A record must be an object."))
            continue
        expected = ocid or record.get("ocid")
        if not record.get("ocid"):
            problems.append(Problem(f"{path}/ocid", "The record has no ocid."))
        elif ocid and record["ocid"] != ocid:
            problems.append(
                Problem(f"{path}/ocid", f"The record's ocid {record['ocid']!r} is not {ocid!r}.")
            )
        releases = record.get("releases")
        releases = releases if isinstance(releases, list) else []
        _check_release_list(releases, f"{path}/releases", expected, problems)
        embedded = [r for r in releases if isinstance(r, dict) and "url" not in r]
        for number, release in enumerate(releases):
            if isinstance(release, dict) and "url" not in release:
                problems += check_release(release, path=f"{path}/releases/{number}", ocid=expected)
        compiled = record.get("compiledRelease")
        if not isinstance(compiled, dict):
            problems.append(
                Problem(f"{path}/compiledRelease", "The record has no compiled release.")
            )
            continue
        problems += check_release(compiled, path=f"{path}/compiledRelease", ocid=expected)
        if compiled.get("tag") != ["compiled"]:
            problems.append(
                Problem(f"{path}/compiledRelease/tag", "A compiled release is tagged 'compiled'.")
            )
        versioned = record.get("versionedRelease")
        if versioned is not None:
            _walk(versioned, f"{path}/versionedRelease", problems)
        complete = embedded and len(embedded) == len(releases) and not problems
        if complete and compile_releases(embedded) != compiled:
            problems.append(
                Problem(
                    f"{path}/compiledRelease",
                    "The compiled release is not the merge of the record's releases.",
                )
            )
    return problems


def _check_release_list(releases: list, path: str, ocid: str | None, problems: list) -> None:
    _duplicates(releases, path, problems)
    previous = None
    for index, release in enumerate(releases):
        if not isinstance(release, dict):
            continue
        date = parse(release.get("date"))
        if date is None:
            problems.append(Problem(f"{path}/{index}/date", "The release has no valid date."))
            continue
        if previous is not None and date <= previous:
            problems.append(
                Problem(
                    f"{path}/{index}/date",
                    "Releases out of date order: each release must be dated after the one "
                    "before it.",
                )
            )
        previous = date


def check_release(release: dict, *, path: str = "", ocid: str | None = None) -> list[Problem]:
    """Problems inside one release (or compiled release)."""
    problems: list[Problem] = []
    if not release.get("ocid"):
        problems.append(Problem(f"{path}/ocid", "The release has no ocid."))
    elif ocid and release["ocid"] != ocid:
        problems.append(
            Problem(
                f"{path}/ocid",
                f"The release's ocid {release['ocid']!r} does not match the package's {ocid!r}.",
            )
        )
    _walk(release, path, problems)
    _check_references(release, path, problems)
    return problems


def _duplicates(items: list, path: str, problems: list, key: str = "id") -> None:
    seen: dict = {}
    for index, item in enumerate(items):
        if isinstance(item, dict) and key in item:
            value = str(item[key])
            if value in seen:
                problems.append(
                    Problem(
                        f"{path}/{index}/{key}",
                        f"Duplicate {key} {item[key]!r} (also at {path}/{seen[value]}).",
                    )
                )
            else:
                seen[value] = index


def _walk(value, path: str, problems: list) -> None:
    """Duplicate ids in every array of objects, periods ending before they start, scores."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}/{key}"
            if any(word in key.lower() for word in SCORE_WORDS):
                problems.append(
                    Problem(child, "Evaluation scores and moderation must never be published.")
                )
            if isinstance(item, dict) and ("startDate" in item and "endDate" in item):
                start, end = parse(item["startDate"]), parse(item["endDate"])
                if start is not None and end is not None and end < start:
                    problems.append(
                        Problem(f"{child}/endDate", "The period ends before it starts.")
                    )
            _walk(item, child, problems)
    elif isinstance(value, list):
        if any(isinstance(item, dict) and "id" in item for item in value):
            _duplicates(value, path, problems)
        for index, item in enumerate(value):
            _walk(item, f"{path}/{index}", problems)


def _obj(value) -> dict:
    return value if isinstance(value, dict) else {}


def _objs(value) -> list[tuple[int, dict]]:
    """(index, object) for each object of an array; anything else is the schema's business."""
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _ids(items) -> set[str]:
    return {str(item["id"]) for _, item in _objs(items) if "id" in item}


def _check_references(release: dict, path: str, problems: list) -> None:
    tender = _obj(release.get("tender"))
    bids = _obj(release.get("bids"))
    roles = {
        str(p.get("id")): {r for r in p.get("roles") or [] if isinstance(r, str)}
        for _, p in _objs(release.get("parties"))
    }
    lots = _ids(tender.get("lots"))
    bid_ids = _ids(bids.get("details"))
    award_ids = _ids(release.get("awards"))

    def lot_refs(values, at):
        for number, lot in enumerate(values if isinstance(values, list) else []):
            if str(lot) not in lots:
                problems.append(
                    Problem(f"{at}/{number}", f"Lot {lot!r} is not one of the tender's lots.")
                )

    def lot_ref(value, at):
        if value is not None and str(value) not in lots:
            problems.append(Problem(at, f"Lot {value!r} is not one of the tender's lots."))

    def party(reference, at, role=None):
        if not isinstance(reference, dict):
            return
        identifier = str(reference.get("id"))
        if identifier not in roles:
            problems.append(
                Problem(f"{at}/id", f"Party {reference.get('id')!r} is not listed in parties.")
            )
        elif role and role not in roles[identifier]:
            problems.append(
                Problem(
                    f"{at}/id",
                    f"Party {reference.get('id')!r} is in parties without the role {role!r}.",
                )
            )

    party(release.get("buyer"), f"{path}/buyer", "buyer")
    party(tender.get("procuringEntity"), f"{path}/tender/procuringEntity", "procuringEntity")
    for index, tenderer in _objs(tender.get("tenderers")):
        party(tenderer, f"{path}/tender/tenderers/{index}", "tenderer")
    for index, item in _objs(tender.get("items")):
        lot_ref(item.get("relatedLot"), f"{path}/tender/items/{index}/relatedLot")
    for index, enquiry in _objs(tender.get("enquiries")):
        lot_ref(enquiry.get("relatedLot"), f"{path}/tender/enquiries/{index}/relatedLot")
    for index, document in _objs(tender.get("documents")):
        lot_refs(document.get("relatedLots"), f"{path}/tender/documents/{index}/relatedLots")
    for index, statistic in _objs(bids.get("statistics")):
        lot_ref(statistic.get("relatedLot"), f"{path}/bids/statistics/{index}/relatedLot")
    for index, bid in _objs(bids.get("details")):
        at = f"{path}/bids/details/{index}"
        lot_refs(bid.get("relatedLots"), f"{at}/relatedLots")
        for number, tenderer in _objs(bid.get("tenderers")):
            party(tenderer, f"{at}/tenderers/{number}", "tenderer")
    for index, award in _objs(release.get("awards")):
        at = f"{path}/awards/{index}"
        lot_refs(award.get("relatedLots"), f"{at}/relatedLots")
        if award.get("relatedBid") is not None and str(award["relatedBid"]) not in bid_ids:
            problems.append(
                Problem(f"{at}/relatedBid", f"Bid {award['relatedBid']!r} is not among the bids.")
            )
        for number, supplier in _objs(award.get("suppliers")):
            party(supplier, f"{at}/suppliers/{number}", "supplier")
    for index, contract in _objs(release.get("contracts")):
        at = f"{path}/contracts/{index}"
        if contract.get("awardID") is not None and str(contract["awardID"]) not in award_ids:
            problems.append(
                Problem(f"{at}/awardID", f"Award {contract['awardID']!r} is not among the awards.")
            )
        lot_refs(contract.get("relatedLots"), f"{at}/relatedLots")
        transactions = _obj(contract.get("implementation")).get("transactions")
        for number, transaction in _objs(transactions):
            for side in ("payer", "payee"):
                party(transaction.get(side), f"{at}/implementation/transactions/{number}/{side}")
