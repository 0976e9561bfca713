"""The certificate of a completed programme, as a PDF (ReportLab, with its own Vera font so
names with accents print correctly)."""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from django.utils import formats, text
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .models import CohortSession, Participant

FONTS = Path(reportlab.__file__).parent / "fonts"


def _fonts() -> None:
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", str(FONTS / "VeraBd.ttf")))


def certificate_pdf(
    participant: Participant,
    sessions: list[CohortSession],
    issuers: list[str],
    trainer: str = "",
) -> bytes:
    """The certificate: the person's full name, the programme with its sessions and dates,
    the organisations that issue it, and lines for the trainer's signature and the date."""
    completed_on = participant.completed_on
    assert completed_on is not None, "only a completed participant has a certificate"
    _fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4))
    pdf.setTitle(_("Certificate"))
    pdf.setSubject(f"{participant.user.get_full_name()}, {participant.cohort.programme.name}")
    pdf.setAuthor("Buurtpreventie")
    pdf.setStrokeColorRGB(0.04, 0.35, 0.79)
    pdf.setLineWidth(4)
    pdf.rect(1.5 * cm, 1.5 * cm, width - 3 * cm, height - 3 * cm)
    pdf.setFont("VeraBd", 30)
    pdf.drawCentredString(width / 2, height - 5 * cm, _("Certificate"))
    pdf.setFont("Vera", 14)
    pdf.drawCentredString(width / 2, height - 6.5 * cm, _("This certifies that"))
    pdf.setFont("VeraBd", 24)
    pdf.drawCentredString(width / 2, height - 8.2 * cm, participant.user.get_full_name())
    pdf.setFont("Vera", 14)
    pdf.drawCentredString(width / 2, height - 9.6 * cm, _("completed the programme"))
    pdf.setFont("VeraBd", 18)
    pdf.drawCentredString(width / 2, height - 11 * cm, participant.cohort.programme.name)
    pdf.setFont("Vera", 12)
    pdf.drawCentredString(
        width / 2,
        height - 12.2 * cm,
        _("as part of %(cohort)s") % {"cohort": participant.cohort.name},
    )
    y = height - 13.8 * cm
    for session in sessions:
        day = formats.date_format(session.starts_at, "j F Y")
        line = f"{session.order}. {session.template.title}, {day}"
        pdf.drawCentredString(width / 2, y, line)
        y -= 0.6 * cm
    if issuers:
        pdf.setFont("Vera", 11)
        pdf.drawCentredString(
            width / 2,
            min(4.6 * cm, y - 0.3 * cm),  # below the sessions, however many
            _("Issued by %(organisations)s")
            % {"organisations": text.get_text_list(issuers, _("and"))},
        )
    # Two lines to sign on: the trainer's, and the date the programme was completed.
    pdf.setLineWidth(0.8)
    pdf.setStrokeColorRGB(0.3, 0.3, 0.3)
    for left in (4 * cm, width / 2 + 2 * cm):
        pdf.line(left, 3.1 * cm, left + width / 2 - 6 * cm, 3.1 * cm)
    pdf.setFont("Vera", 10)
    signed_by = _("Signature of the trainer")
    if trainer:
        signed_by = f"{signed_by}: {trainer}"
    pdf.drawString(4 * cm, 2.5 * cm, signed_by)
    pdf.drawString(
        width / 2 + 2 * cm,
        2.5 * cm,
        _("Completed on %(date)s") % {"date": formats.date_format(completed_on, "j F Y")},
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
