import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import RequisitionFactory, published_loop
from tests.media import video_upload


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


def webm(name: str = "answer.webm", seconds: float = 1) -> SimpleUploadedFile:
    """A real one-second WebM video answer (made with PyAV)."""
    return video_upload(seconds, name)
