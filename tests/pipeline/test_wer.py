from pipeline.wer import normalize_words, word_errors, wer


def test_normalisation_is_vietnamese_aware():
    assert normalize_words("Ví dụ 2. Tính TRUNG BÌNH!") == ["ví", "dụ", "2", "tính", "trung", "bình"]
    # NFD input (combining marks) compares equal to NFC
    assert normalize_words("Tho\u0302n") == ["thôn"]


def test_wer_counts_each_edit():
    r = word_errors("cậu có nhìn thấy không", "cậu có thấy không nhé")
    assert (r.substitutions, r.deletions, r.insertions) == (0, 1, 1)
    assert r.wer == 2 / 5
    assert ("nhìn", "") in r.errors and ("", "nhé") in r.errors


def test_wer_identical_and_empty():
    assert wer("Tết là dịp", "tết là dịp.") == 0.0
    assert wer("", "") == 0.0
    assert wer("", "thêm") == 1.0
