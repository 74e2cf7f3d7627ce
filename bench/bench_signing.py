"""Seconds to sign one generated document and to verify a signed one (issue 6: target <= 0.5 s each).

    python bench/bench_signing.py            # BENCH_SIGNING_REPEAT=20 by default

Signs the one-page upper-level letter with an RSA-2048 PKCS#12 key (visible stamp in Noto Serif, as the
app does), then runs the app's full verification: integrity, revision, trust chain, validity, key usage
and revocation against a local CRL. Prints `BENCH <name> <value> <unit>` lines: medians and the first
(cold) signature, which loads the font.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _support import bench_app  # noqa: E402  (bench/ is the script's folder)
from cryptography.hazmat.primitives import serialization  # noqa: E402

from casework.documents.render import render  # noqa: E402
from casework.signing import pki, sign, verify  # noqa: E402
from tests.support.document_samples import sample_context  # noqa: E402

PASSPHRASE = "bench"  # noqa: S105 -- a throwaway key made by the benchmark itself


def main() -> None:
    repeat = int(os.environ.get("BENCH_SIGNING_REPEAT", 20))
    app = bench_app()
    now = dt.datetime.now(dt.UTC)
    root = pki.create_root("CA bench", now)
    official = pki.issue_signing_certificate(root, "Nguyễn Văn Huyện", "UBND tỉnh Tuyên Quang", now)
    p12 = official.pkcs12(PASSPHRASE, [root.certificate])
    crl = pki.create_crl(root, [], now).public_bytes(serialization.Encoding.DER)
    trust = verify.TrustStore(roots=[pki.der(root.certificate)], crls=[crl])
    with app.app_context():
        document = render("upper_approval", sample_context("upper_approval")).pdf
    stamp = sign.StampText("Nguyễn Văn Huyện", "Ủy ban nhân dân tỉnh Tuyên Quang")

    sign_times, verify_times, signed = [], [], b""
    for _ in range(repeat):
        started = time.perf_counter()
        signer = sign.load_pkcs12(p12, PASSPHRASE)  # the passphrase is given at each signature
        signed = sign.sign(document, signer, stamp, field_name="sig_official")
        sign_times.append(time.perf_counter() - started)
    for _ in range(repeat):
        started = time.perf_counter()
        report = verify.verify(signed, document, trust, lambda position, certificate: None, now=dt.datetime.now(dt.UTC))
        verify_times.append(time.perf_counter() - started)
        assert report.ok, report.failures()
    print(f"BENCH sign_one_document_cold {sign_times[0]:.3f} s")
    print(f"BENCH sign_one_document {statistics.median(sign_times[1:] or sign_times):.3f} s")
    print(f"BENCH verify_one_document {statistics.median(verify_times):.3f} s")


if __name__ == "__main__":
    main()
