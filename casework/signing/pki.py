"""Certificates: a demo certificate authority for trying the system, and reading officials' certificates.

Real deployments trust the government and public Vietnamese roots (documents.md §5.5) through
configuration; the demo CA only exists so the whole signing flow works out of the box.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
RSA_BITS = 2048  # TT 15/2025 asks for RSA ≥ 2048


class CertificateError(ValueError):
    """A certificate file that cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key, as the CA hands it out."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    def pkcs12(self, passphrase: str, chain: list[x509.Certificate] = ()) -> bytes:  # type: ignore[assignment]
        name = self.certificate.subject.rfc4514_string().encode()
        return pkcs12.serialize_key_and_certificates(
            name,
            self.key,
            self.certificate,
            list(chain) or None,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def fingerprint_der(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def read_certificate(data: bytes) -> x509.Certificate:
    """A certificate from a .cer/.crt/.pem file, DER or PEM."""
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as error:
        raise CertificateError("Tệp không phải chứng thư số (.cer, .crt hoặc .pem).") from error


def read_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate of a PEM bundle, or the one of a DER file."""
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    return [read_certificate(data)]


def _name(common: str, organisation: str, unit: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(parts)


def _key_usage(**granted: bool) -> x509.KeyUsage:
    """Key usage with only the `granted` bits set."""
    bits = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
            "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")  # fmt: skip
    return x509.KeyUsage(**{bit: granted.get(bit, False) for bit in bits})


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)


def create_root(common: str, now: dt.datetime, years: int = 10) -> Issued:
    key = _key()
    name = _name(common, "Hệ thống rà soát hộ nghèo (DEMO)")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            _key_usage(key_cert_sign=True, crl_sign=True),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(certificate, key)


def issue_signing_certificate(
    ca: Issued, common: str, organisation: str, now: dt.datetime, *, unit: str = "",
    not_before: dt.datetime | None = None, not_after: dt.datetime | None = None, non_repudiation: bool = True,
) -> Issued:  # fmt: skip
    """A document-signing certificate as official-duty CAs issue them: digital signature and non-repudiation."""
    key = _key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common, organisation, unit))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            _key_usage(digital_signature=True, content_commitment=non_repudiation),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(certificate, key)


def create_crl(
    ca: Issued, revoked_serials: list[int], now: dt.datetime, days: int = 30
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(now + dt.timedelta(days=days))
    )
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(now - dt.timedelta(minutes=5))
            .build()
        )
    return builder.sign(ca.key, hashes.SHA256())


def write_key(path: Path, key: rsa.RSAPrivateKey, passphrase: str) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    path.chmod(0o600)


def read_key(path: Path, passphrase: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), passphrase.encode())
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def crl_der(data: bytes) -> bytes:
    """A revocation list file, PEM or DER, as DER."""
    crl = x509.load_pem_x509_crl(data) if b"-----BEGIN" in data else x509.load_der_x509_crl(data)
    return crl.public_bytes(serialization.Encoding.DER)
