"""How long an uploaded video answer really is, read from the file on the server with PyAV.

The browser's own figure cannot be trusted (it is just a form field), so the duration that is
enforced and shown to reviewers is measured here. The container's stated duration is used when
it has one; a recording without one (a browser's MediaRecorder WebM often has none) is demuxed,
without decoding, to the end of its last packet.
"""

from fractions import Fraction

import av
from django.core.files.uploadedfile import UploadedFile


class UnreadableVideo(Exception):
    """The upload is not a video PyAV can read."""


def video_seconds(upload: UploadedFile) -> float:
    """The video's length in seconds; raises UnreadableVideo. Leaves the upload rewound."""
    upload.seek(0)
    source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else upload.file
    try:
        with av.open(source, mode="r") as container:
            if container.duration is not None and container.duration > 0:
                return float(Fraction(container.duration, av.time_base))
            streams = [s for s in container.streams if s.type in ("video", "audio")]
            if not streams:
                raise UnreadableVideo("no video or audio in it")
            end = Fraction(0)
            for packet in container.demux(*streams):
                if packet.pts is not None and packet.time_base is not None:
                    end = max(end, (packet.pts + (packet.duration or 0)) * packet.time_base)
            return float(end)
    except av.FFmpegError as error:
        raise UnreadableVideo(str(error)) from None
    finally:
        upload.seek(0)
