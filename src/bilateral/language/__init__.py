"""Language and script identification for multilingual news (az, kk, ru, tr, en, uz, ky...)."""

from bilateral.language.identify import LanguageGuess, identify
from bilateral.language.script import detect_script

__all__ = ["LanguageGuess", "detect_script", "identify"]
