"""TCVN3 (ABC) and VNI text, as old government spreadsheets hold it."""

import unicodedata

from django.test import SimpleTestCase

from importers.legacy_vn import (
    TCVN3_TABLE,
    VNI_TABLE,
    LegacyText,
    LegacyTextError,
    from_tcvn3,
    from_vni,
    readings,
)

# The same words as typed with .VnTime (TCVN3) and VNI-Times fonts.
SAMPLES = [
    ("Nguyễn Văn Hùng", "NguyÔn V¨n Hïng", "Nguyeãn Vaên Huøng"),
    ("Độc lập - Tự do - Hạnh phúc", "§éc lËp - Tù do - H¹nh phóc",
     "Ñoäc laäp - Töï do - Haïnh phuùc"),
    ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Céng hßa x· héi chñ nghÜa ViÖt Nam",
     "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
    ("Trường Tiểu học Lê Quý Đôn", "Tr\xadêng TiÓu häc Lª Quý §«n",
     "Tröôøng Tieåu hoïc Leâ Quyù Ñoân"),
]  # fmt: skip
LOWER = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


class ConversionTests(SimpleTestCase):
    def test_real_strings_read_back_in_both_encodings(self):
        for unicode, tcvn3, vni in SAMPLES:
            with self.subTest(unicode):
                self.assertEqual(from_tcvn3(tcvn3), unicode)
                self.assertEqual(from_vni(vni), unicode)
                self.assertEqual(readings(tcvn3), {"tcvn3": unicode})
                self.assertEqual(readings(vni), {"vni": unicode})

    def test_vni_capitals_keep_their_case(self):
        self.assertEqual(from_vni("UÛY BAN NHAÂN DAÂN"), "ỦY BAN NHÂN DÂN")
        self.assertEqual(from_vni("AÙnh"), "Ánh")

    def test_every_letter_has_one_code_in_each_table(self):
        tcvn3 = {letter: code for code, letter in TCVN3_TABLE.items()}
        vni = {}
        for code, letter in VNI_TABLE.items():
            vni.setdefault(letter, set()).add(code)
        for letter in LOWER:
            if letter.isascii():
                continue
            with self.subTest(letter):
                self.assertEqual(from_tcvn3(tcvn3[letter]), letter)
                for code in vni[letter]:
                    self.assertEqual(from_vni(code), letter)
                self.assertIn(letter.upper(), vni)
        self.assertEqual(len(set(TCVN3_TABLE.values())), len(TCVN3_TABLE))

    def test_unicode_text_is_left_alone(self):
        for text in ("Nguyễn Văn Hùng", "Lê Hà", "Ksor H'Blăk", "12 Lê Lợi"):
            self.assertEqual(LegacyText().repair(text), text)
        nfd = unicodedata.normalize("NFD", "Nguyễn")
        self.assertEqual(LegacyText().repair(nfd), nfd)  # the caller makes it NFC


class DecisionTests(SimpleTestCase):
    def test_a_value_several_readings_fit_follows_the_file(self):
        # "Tó": Unicode as written, "Tú" in TCVN3, "Tĩ" in VNI.
        self.assertEqual(LegacyText().repair("Tó"), "Tó")
        tcvn3_file = LegacyText()
        tcvn3_file.prime("NguyÔn V¨n Hïng")
        self.assertEqual(tcvn3_file.repair("Tó"), "Tú")
        vni_file = LegacyText()
        vni_file.prime("Nguyeãn Vaên Huøng")
        self.assertEqual(vni_file.repair("Tó"), "Tĩ")

    def test_a_value_tcvn3_and_vni_both_explain_is_refused_without_a_clue(self):
        with self.assertRaises(LegacyTextError) as refused:
            LegacyText().repair("Dö Coâng")  # "Dư Công" (VNI) or "Dử Coõng" (TCVN3)
        self.assertIn("TCVN3", str(refused.exception))

    def test_text_no_reading_explains_is_refused(self):
        with self.assertRaises(LegacyTextError):
            LegacyText().repair("Ñ¶¶ø×")

    def test_the_summary_names_the_encoding_with_an_example(self):
        legacy = LegacyText()
        legacy.repair("NguyÔn V¨n Hïng")
        (line,) = legacy.summary()
        self.assertIn("TCVN3", line)
        self.assertIn("Nguyễn Văn Hùng", line)
