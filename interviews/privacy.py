"""The privacy notice candidates agree to on the application page.

Its text is templates/interviews/candidate/_privacy_notice.html. Change the version whenever
the text changes: each application records the version its candidate agreed to.
"""

PRIVACY_NOTICE_VERSION = "2026-12-01"
