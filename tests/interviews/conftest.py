import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import RequisitionFactory, published_loop


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def loop(db):
    return published_loop()


@pytest.fixture
def requisition(loop, recruiter, hiring_manager):
    return RequisitionFactory(loop=loop.loop, recruiter=recruiter, hiring_manager=hiring_manager,
                              title="Data Scientist, Berlin", target_levels=loop.levels[1:])


def pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% a resume\n", content_type="application/pdf")


def webm(name: str = "answer.webm") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01 a tiny webm", content_type="video/webm")
