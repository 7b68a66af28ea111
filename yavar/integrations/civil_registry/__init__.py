"""The civil registry (ثبت احوال): identity inquiry by national code and birth date."""

from .client import HttpCivilRegistry, get_civil_registry
from .protocol import CivilRegistry, Gender, IdentityResult, IdentityStatus

__all__ = [
    "CivilRegistry",
    "Gender",
    "HttpCivilRegistry",
    "IdentityResult",
    "IdentityStatus",
    "get_civil_registry",
]
