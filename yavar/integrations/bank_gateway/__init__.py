"""The people's-participation account's internet payment gateway (Shaparak-style, Bank Mellat):
tokens, the bank's payment page, verify (which also settles), reverse and inquiry."""

from .callback import parse_callback
from .client import HttpBankGateway, get_bank_gateway
from .errors import BankErrorCode, BankGatewayError, PaymentStateUnknown
from .protocol import (
    BankGateway,
    CallbackData,
    CallbackStatus,
    InquiryResult,
    OrderStatus,
    ReverseResult,
    ReverseStatus,
    VerifyResult,
    VerifyStatus,
)

__all__ = [
    "BankErrorCode",
    "BankGateway",
    "BankGatewayError",
    "CallbackData",
    "CallbackStatus",
    "HttpBankGateway",
    "InquiryResult",
    "OrderStatus",
    "PaymentStateUnknown",
    "ReverseResult",
    "ReverseStatus",
    "VerifyResult",
    "VerifyStatus",
    "get_bank_gateway",
    "parse_callback",
]
