from django.core.validators import RegexValidator

vat_number_validator = RegexValidator(r"^\d{9}$", "A VAT number is exactly 9 digits.")
company_reg_number_validator = RegexValidator(
    r"^(\d{8}|[A-Z]{2}\d{6})$",
    "A company registration number is 8 digits, or 2 capital letters followed by 6 digits.",
)
phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{6,20}$", "Enter a phone number of 6 to 20 digits, spaces, brackets or dashes."
)
