"""The FOIA exemptions (5 U.S.C. 552(b)), defined once for every app that names them: documents (redaction labels,
cover letters) and litigation (a Vaughn index's claims) both read them from here."""

from django.db import models


class Exemption(models.TextChoices):
    """The nine exemptions, with exemption 7's six law-enforcement harms as codes of their own."""

    B1 = "b1", "(b)(1)"
    B2 = "b2", "(b)(2)"
    B3 = "b3", "(b)(3)"
    B4 = "b4", "(b)(4)"
    B5 = "b5", "(b)(5)"
    B6 = "b6", "(b)(6)"
    B7 = "b7", "(b)(7)"
    B7A = "b7A", "(b)(7)(A)"
    B7B = "b7B", "(b)(7)(B)"
    B7C = "b7C", "(b)(7)(C)"
    B7D = "b7D", "(b)(7)(D)"
    B7E = "b7E", "(b)(7)(E)"
    B7F = "b7F", "(b)(7)(F)"
    B8 = "b8", "(b)(8)"
    B9 = "b9", "(b)(9)"


EXEMPTION_CODES = frozenset(Exemption.values)
EXEMPTION_ORDER = {code: i for i, code in enumerate(Exemption.values)}
EXEMPTION_LABELS = dict(Exemption.choices)


def exemption_labels(codes) -> list[str]:
    return [EXEMPTION_LABELS.get(code, code) for code in codes]
