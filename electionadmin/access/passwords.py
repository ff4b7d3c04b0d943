"""Django's password validators, with their messages in Vietnamese.

Django's own Vietnamese catalogue lacks some of them (the minimum length's plural
forms): every message a person reads is written here instead.
"""

from django.conf import settings
from django.contrib.auth import password_validation as base


class MinimumLengthValidator(base.MinimumLengthValidator):
    def __init__(self, min_length=None):
        super().__init__(min_length or settings.PASSWORD_MIN_LENGTH)

    def get_error_message(self):
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self):
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu này quá phổ biến, dễ bị đoán ra."

    def get_help_text(self):
        return "Mật khẩu không được là một mật khẩu phổ biến."


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self):
        return "Mật khẩu không được chỉ gồm chữ số."


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    """The field's name comes from Django's Vietnamese catalogue ("Tên đăng nhập")."""

    def get_error_message(self):
        return "Mật khẩu quá giống mục %(verbose_name)s."

    def get_help_text(self):
        return "Mật khẩu không được giống tên đăng nhập, họ tên hay thư điện tử."
