"""Token vocabulary shared by the lexer, the grammar and the messages.

Keyword token names follow phply's (``phply.phplex.reserved``) where the
two overlap; PHP 7/8 added the rest.  Single characters are ply literals.
"""
from __future__ import annotations

LABEL = r"[a-zA-Z_\x80-\xff][a-zA-Z0-9_\x80-\xff]*"

# lower-case word -> token type
KEYWORDS = {w.lower(): w for w in (
    "ABSTRACT", "ARRAY", "AS", "BREAK", "CALLABLE", "CASE", "CATCH", "CLASS", "CLONE",
    "CONST", "CONTINUE", "DECLARE", "DEFAULT", "DO", "ECHO", "ELSE", "ELSEIF", "EMPTY",
    "ENDDECLARE", "ENDFOR", "ENDFOREACH", "ENDIF", "ENDSWITCH", "ENDWHILE", "EVAL",
    "EXIT", "EXTENDS", "FINAL", "FINALLY", "FN", "FOR", "FOREACH", "FUNCTION", "GLOBAL",
    "GOTO", "IF", "IMPLEMENTS", "INCLUDE", "INCLUDE_ONCE", "INSTANCEOF", "INSTEADOF",
    "INTERFACE", "ISSET", "LIST", "MATCH", "NAMESPACE", "NEW", "PRINT", "PRIVATE",
    "PROTECTED", "PUBLIC", "READONLY", "REQUIRE", "REQUIRE_ONCE", "RETURN", "STATIC",
    "SWITCH", "THROW", "TRAIT", "TRY", "UNSET", "USE", "VAR", "WHILE", "YIELD",
)}
KEYWORDS.update({
    "die": "EXIT", "and": "LOGICAL_AND", "or": "LOGICAL_OR", "xor": "LOGICAL_XOR",
    "__halt_compiler": "HALT_COMPILER", "__class__": "CLASS_C", "__trait__": "TRAIT_C",
    "__function__": "FUNC_C", "__method__": "METHOD_C", "__line__": "LINE",
    "__file__": "FILE", "__dir__": "DIR", "__namespace__": "NS_C",
    "__property__": "PROPERTY_C",
})

OPERATORS = {
    "===": "IS_IDENTICAL", "!==": "IS_NOT_IDENTICAL", "<=>": "SPACESHIP",
    "**=": "POW_EQUAL", "...": "ELLIPSIS", "<<=": "SL_EQUAL", ">>=": "SR_EQUAL",
    "??=": "COALESCE_EQUAL", "?->": "NULLSAFE_OBJECT_OPERATOR",
    "==": "IS_EQUAL", "!=": "IS_NOT_EQUAL", "<>": "IS_NOT_EQUAL",
    "<=": "IS_SMALLER_OR_EQUAL", ">=": "IS_GREATER_OR_EQUAL", "&&": "BOOLEAN_AND",
    "||": "BOOLEAN_OR", "++": "INC", "--": "DEC", "+=": "PLUS_EQUAL", "-=": "MINUS_EQUAL",
    "*=": "MUL_EQUAL", "/=": "DIV_EQUAL", ".=": "CONCAT_EQUAL", "%=": "MOD_EQUAL",
    "&=": "AND_EQUAL", "|=": "OR_EQUAL", "^=": "XOR_EQUAL", "->": "OBJECT_OPERATOR",
    "=>": "DOUBLE_ARROW", "::": "PAAMAYIM_NEKUDOTAYIM", "<<": "SL", ">>": "SR",
    "??": "COALESCE", "**": "POW", "|>": "PIPE", "#[": "ATTRIBUTE",
}

CASTS = {
    "int": "INT_CAST", "integer": "INT_CAST", "bool": "BOOL_CAST", "boolean": "BOOL_CAST",
    "float": "DOUBLE_CAST", "double": "DOUBLE_CAST", "real": "DOUBLE_CAST",
    "string": "STRING_CAST", "binary": "STRING_CAST", "array": "ARRAY_CAST",
    "object": "OBJECT_CAST", "unset": "UNSET_CAST", "void": "VOID_CAST",
}

LITERALS = "()[]{};,=+-*/%.<>?:!~@$|^\"`"

OTHER = (
    "STRING", "VARIABLE", "LNUMBER", "DNUMBER", "NAME_QUALIFIED", "NAME_FULLY_QUALIFIED",
    "NAME_RELATIVE", "CONSTANT_ENCAPSED_STRING", "ENCAPSED_AND_WHITESPACE",
    "START_HEREDOC", "END_HEREDOC", "DOLLAR_OPEN_CURLY_BRACES", "CURLY_OPEN",
    "STRING_VARNAME", "NUM_STRING", "INLINE_HTML", "NS_SEPARATOR", "AMP", "AMP_VAR",
    "ENUM", "YIELD_FROM", "PUBLIC_SET", "PROTECTED_SET", "PRIVATE_SET", "BAD_CHARACTER",
)

TOKENS = tuple(sorted(set(KEYWORDS.values()) | set(OPERATORS.values())
                      | set(CASTS.values()) | set(OTHER)))

# How PHP 8 names a token in "unexpected ..." (those with their text shown).
_DESCRIBED = {
    "STRING": "identifier", "VARIABLE": "variable", "LNUMBER": "integer",
    "DNUMBER": "floating-point number", "NAME_QUALIFIED": "namespaced name",
    "NAME_FULLY_QUALIFIED": "fully qualified name",
    "NAME_RELATIVE": "namespace-relative name", "ENCAPSED_AND_WHITESPACE": "string content",
    "STRING_VARNAME": "variable name", "NUM_STRING": "number",
}
_FIXED = {
    "START_HEREDOC": "heredoc start", "END_HEREDOC": "heredoc end",
    "DOLLAR_OPEN_CURLY_BRACES": 'token "${"', "CURLY_OPEN": 'token "{$"',
    "INLINE_HTML": "inline html", "$end": "end of file", '"': "double-quote mark",
    "AMP": 'token "&"', "AMP_VAR": 'token "&"', "NS_SEPARATOR": 'token "\\"',
    "YIELD_FROM": 'token "yield from"', "PUBLIC_SET": 'token "public(set)"',
    "PROTECTED_SET": 'token "protected(set)"', "PRIVATE_SET": 'token "private(set)"',
}
_OP_TEXT = {v: k for k, v in OPERATORS.items() if k != "<>"}
_CAST_TEXT = {"INT_CAST": "(int)", "BOOL_CAST": "(bool)", "DOUBLE_CAST": "(double)",
              "STRING_CAST": "(string)", "ARRAY_CAST": "(array)", "OBJECT_CAST": "(object)",
              "UNSET_CAST": "(unset)", "VOID_CAST": "(void)"}
_KEYWORD_TEXT = {v: k for k, v in KEYWORDS.items() if k not in ("die",)}


def describe(ttype: str, value: str | None = None) -> str:
    """PHP's wording for a token: 'token "}"', 'identifier "foo"', 'end of file'."""
    if ttype in _DESCRIBED:
        if value is None:
            return _DESCRIBED[ttype]
        return f'{_DESCRIBED[ttype]} "{_shorten(value)}"'
    if ttype == "CONSTANT_ENCAPSED_STRING":
        if value is None:
            return "quoted string"
        kind = "double-quoted string" if value.startswith('"') else "single-quoted string"
        return f'{kind} "{_shorten(value[1:-1])}"'
    if ttype == "START_HEREDOC" and value is not None:
        # Up to its line end; a quoted label loses its closing quote.
        text = value.split("\n", 1)[0].rstrip("\r")
        if text[-1:] in ("'", '"'):
            text = text[:-1]
        return f'heredoc start "{text}"'
    if ttype == "BAD_CHARACTER" and value:
        return f"character 0x{ord(value[0]):02X}"
    if ttype in _FIXED:
        return _FIXED[ttype]
    text = _OP_TEXT.get(ttype) or _CAST_TEXT.get(ttype) or _KEYWORD_TEXT.get(ttype) or ttype
    return f'token "{text}"'


def _shorten(text: str) -> str:
    # PHP shows a token's text up to its first line end, at most 30 bytes.
    text = text.split("\n", 1)[0]
    return text if len(text) <= 30 else text[:30] + "..."

# Bison's token numbers order PHP's "expecting" lists: characters first (by
# code), then the named tokens in zend_language_parser.y's order.
_NAMED_ORDER = (
    "LNUMBER DNUMBER STRING NAME_FULLY_QUALIFIED NAME_RELATIVE NAME_QUALIFIED VARIABLE "
    "INLINE_HTML ENCAPSED_AND_WHITESPACE CONSTANT_ENCAPSED_STRING STRING_VARNAME NUM_STRING "
    "INCLUDE INCLUDE_ONCE EVAL REQUIRE REQUIRE_ONCE LOGICAL_OR LOGICAL_XOR LOGICAL_AND PRINT "
    "YIELD YIELD_FROM INSTANCEOF NEW CLONE EXIT IF ELSEIF ELSE ENDIF ECHO DO WHILE ENDWHILE "
    "FOR ENDFOR FOREACH ENDFOREACH DECLARE ENDDECLARE AS SWITCH ENDSWITCH CASE DEFAULT MATCH "
    "BREAK CONTINUE GOTO FUNCTION FN CONST RETURN TRY CATCH FINALLY THROW USE INSTEADOF "
    "GLOBAL STATIC ABSTRACT FINAL PRIVATE PROTECTED PUBLIC PRIVATE_SET PROTECTED_SET "
    "PUBLIC_SET READONLY VAR UNSET ISSET EMPTY HALT_COMPILER CLASS TRAIT INTERFACE ENUM "
    "EXTENDS IMPLEMENTS NAMESPACE LIST ARRAY CALLABLE LINE FILE DIR CLASS_C TRAIT_C "
    "METHOD_C FUNC_C PROPERTY_C NS_C ATTRIBUTE PLUS_EQUAL MINUS_EQUAL MUL_EQUAL DIV_EQUAL "
    "CONCAT_EQUAL MOD_EQUAL AND_EQUAL OR_EQUAL XOR_EQUAL SL_EQUAL SR_EQUAL COALESCE_EQUAL "
    "BOOLEAN_OR BOOLEAN_AND IS_EQUAL IS_NOT_EQUAL IS_IDENTICAL IS_NOT_IDENTICAL "
    "IS_SMALLER_OR_EQUAL IS_GREATER_OR_EQUAL SPACESHIP SL SR INC DEC INT_CAST DOUBLE_CAST "
    "STRING_CAST ARRAY_CAST OBJECT_CAST BOOL_CAST UNSET_CAST VOID_CAST OBJECT_OPERATOR "
    "NULLSAFE_OBJECT_OPERATOR DOUBLE_ARROW START_HEREDOC END_HEREDOC DOLLAR_OPEN_CURLY_BRACES "
    "CURLY_OPEN PAAMAYIM_NEKUDOTAYIM NS_SEPARATOR ELLIPSIS COALESCE POW POW_EQUAL AMP_VAR "
    "AMP BAD_CHARACTER PIPE"
).split()
_RANK = {name: 1000 + i for i, name in enumerate(_NAMED_ORDER)}
_RANK["$end"] = -1


def rank(ttype: str) -> int:
    return _RANK.get(ttype, ord(ttype[0]) if len(ttype) == 1 else 5000)


def expected_text(ttype: str) -> str:
    """A token as PHP lists it after "expecting": '";"', 'identifier'."""
    text = describe(ttype)
    return text[6:] if text.startswith('token "') else text

# Keywords younger than the oldest target: before their version they are
# names (`function match()` is valid PHP 7).
_KEYWORD_SINCE = {"match": (8, 0), "fn": (7, 4)}
_KEYWORDS_AT: dict[tuple[int, int], dict[str, str]] = {}


def keywords_for(target: tuple[int, int]) -> dict[str, str]:
    """KEYWORDS as the PHP version ``target`` has them."""
    key = tuple(since for since in _KEYWORD_SINCE.values() if target < since)
    if key not in _KEYWORDS_AT:
        _KEYWORDS_AT[key] = {word: ttype for word, ttype in KEYWORDS.items()
                             if target >= _KEYWORD_SINCE.get(word, (0, 0))}
    return _KEYWORDS_AT[key]
