"""The SMS provider: one text to one mobile number, with a message id back."""

from .client import HttpSms, get_sms
from .protocol import SmsSender

__all__ = ["HttpSms", "SmsSender", "get_sms"]
