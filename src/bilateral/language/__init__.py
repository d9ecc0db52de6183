"""Language and script identification for multilingual news (az, kk, ru, tr, en, uz, ky...)."""

from bilateral.language.identify import LanguageGuess, identify, identify_many
from bilateral.language.script import detect_script

__all__ = ["LanguageGuess", "detect_script", "identify", "identify_many"]
