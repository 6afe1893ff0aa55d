"""Real, tiny video files made with PyAV, for the tests that upload video answers."""

import io
from functools import cache

import av
import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile

FPS = 10


@cache
def video_bytes(seconds: float, container: str = "webm") -> bytes:
    """``seconds`` of a 32×32 VP8 (WebM) or MPEG-4 (MP4) video whose frames brighten over time."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container) as out:
        stream = out.add_stream("libvpx" if container == "webm" else "mpeg4", rate=FPS)
        stream.width = stream.height = 32
        stream.pix_fmt = "yuv420p"
        for index in range(round(seconds * FPS)):
            pixels = np.full((32, 32, 3), (index * 7) % 256, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return buffer.getvalue()


def video_upload(seconds: float = 1, name: str = "answer.webm") -> SimpleUploadedFile:
    container, content_type = ("mp4", "video/mp4") if name.endswith(".mp4") else ("webm", "video/webm")
    return SimpleUploadedFile(name, video_bytes(seconds, container), content_type=content_type)
