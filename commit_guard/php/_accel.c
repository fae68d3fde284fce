/* The scanner's hot loop in C: an optional accelerator for fastscan.run.
 *
 * fastscan.run scans PHP code with one regex match per token; this does
 * the commonest tokens (brackets, punctuation, variables, plain names and
 * keywords, operators, quoted strings without interpolation, comments,
 * decimal integers) without the regex and without Python bytecode.  It
 * never decides anything the Python loop would decide differently: at any
 * token it is not sure of, it stops *before* that token (and before the
 * whitespace in front of it) and returns, and the Python loop scans that
 * one token exactly as it always has, then calls back in.  So the token
 * list is the same whether or not this module is built, which
 * tests/test_php_accel.py holds against real code and random bytes.
 *
 * The text is committed content, so every read is bounds-checked against
 * its length; the module only reads it and appends to the lists it is
 * given.  It is built when a C compiler is at hand (pyproject.toml marks
 * the extension optional) and the pure-Python loop is used otherwise.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

/* -- Tok: the token record (lexdata.Tok's fields, in C) ------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *type;
    PyObject *value;
    PyObject *lineno;
    PyObject *lexpos;
} TokObject;

static void
tok_dealloc(TokObject *self)
{
    Py_XDECREF(self->type);
    Py_XDECREF(self->value);
    Py_XDECREF(self->lineno);
    Py_XDECREF(self->lexpos);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
tok_new(PyTypeObject *cls, PyObject *args, PyObject *kwds)
{
    static char *names[] = {"ttype", "value", "lineno", "lexpos", NULL};
    PyObject *type, *value, *lineno, *lexpos;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOO:Tok", names,
                                     &type, &value, &lineno, &lexpos))
        return NULL;
    TokObject *self = (TokObject *)cls->tp_alloc(cls, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(type);
    self->type = type;
    Py_INCREF(value);
    self->value = value;
    Py_INCREF(lineno);
    self->lineno = lineno;
    Py_INCREF(lexpos);
    self->lexpos = lexpos;
    return (PyObject *)self;
}

static PyObject *
tok_repr(TokObject *self)
{
    return PyUnicode_FromFormat("Tok(%S, %R, %S)", self->type, self->value, self->lineno);
}

static PyMemberDef tok_members[] = {
    {"type", T_OBJECT_EX, offsetof(TokObject, type), 0, NULL},
    {"value", T_OBJECT_EX, offsetof(TokObject, value), 0, NULL},
    {"lineno", T_OBJECT_EX, offsetof(TokObject, lineno), 0, NULL},
    {"lexpos", T_OBJECT_EX, offsetof(TokObject, lexpos), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject TokType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "commit_guard.php._accel.Tok",
    .tp_doc = "A token as the parser reads it: type, value (its text), line, position.",
    .tp_basicsize = sizeof(TokObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = tok_new,
    .tp_dealloc = (destructor)tok_dealloc,
    .tp_repr = (reprfunc)tok_repr,
    .tp_members = tok_members,
};

/* -- the scan loop --------------------------------------------------------- */

static PyObject *S_VARIABLE, *S_STRING, *S_LNUMBER, *S_CONST_STRING, *S_AMP, *S_AMP_VAR,
    *S_PHP, *S_ENUM;
static PyObject *S_OPEN_BRACKET, *S_CLOSE_BRACKET, *S_OPEN_PAREN, *S_CLOSE_PAREN;
static PyObject *S_NAME_FULLY_QUALIFIED, *S_NAME_QUALIFIED, *S_NAME_RELATIVE;
static PyObject *S_YIELD, *S_HALT, *S_ARRAY, *S_OBJECT_OPERATOR, *S_NULLSAFE;

/* The operators of lexdata._TOKEN's `op` group, in its order: a regex
 * takes the first alternative that matches. */
static const char *const OPS[] = {
    "?->", "===", "!==", "<=>", "**=", "...", "<<=", ">>=", "?\?=", "==", "!=", "<>",
    "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", ".=", "%=", "&=",
    "|=", "^=", "->", "=>", "::", "<<", ">>", "??", "**", "|>", NULL,
};

static int
label_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int
label_char(unsigned char c)
{
    return label_start(c) || (c >= '0' && c <= '9');
}

/* Is c one of `chars` (never the NUL that ends them)? */
static int
one_of(unsigned char c, const char *chars)
{
    return c != 0 && strchr(chars, c) != NULL;
}

/* Is s[start:end] public, protected or private, in any case? */
static int
maybe_set_visibility(const unsigned char *s, Py_ssize_t start, Py_ssize_t end)
{
    static const char *const words[] = {"public", "protected", "private", NULL};
    for (const char *const *word = words; *word != NULL; word++) {
        Py_ssize_t len = (Py_ssize_t)strlen(*word), i = 0;
        if (end - start != len)
            continue;
        while (i < len && (s[start + i] | 0x20) == (unsigned char)(*word)[i])
            i++;
        if (i == len)
            return 1;
    }
    return 0;
}

static int
is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static long
count_newlines(const unsigned char *s, Py_ssize_t start, Py_ssize_t end)
{
    long lines = 0;
    for (Py_ssize_t i = start; i < end; i++)
        lines += s[i] == '\n';
    return lines;
}

/* Length of the operator at s[p], or 0. */
static Py_ssize_t
match_op(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    for (const char *const *op = OPS; *op != NULL; op++) {
        Py_ssize_t len = (Py_ssize_t)strlen(*op);
        if (p + len <= n && memcmp(s + p, *op, (size_t)len) == 0)
            return len;
    }
    return 0;
}

/* Does s[0:len] equal the lowercase ASCII `word` in any case? */
static int
ascii_lower_equals(const unsigned char *s, const char *word, Py_ssize_t len)
{
    for (Py_ssize_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (((c >= 'A' && c <= 'Z') ? c + 32 : c) != (unsigned char)word[i])
            return 0;
    }
    return 1;
}

/* End of LABEL(\\LABEL)* at s[p] (lexdata's `name` after its optional
 * leading backslash), or -1 if no label starts there. */
static Py_ssize_t
qualified_name_end(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    if (p >= n || !label_start(s[p]))
        return -1;
    Py_ssize_t end = p + 1;
    for (;;) {
        while (end < n && label_char(s[end]))
            end++;
        if (end + 1 < n && s[end] == '\\' && label_start(s[end + 1]))
            end += 2;
        else
            return end;
    }
}

/* Could `(` at s[p] start a cast?  Over-answering only sends the token
 * to the Python loop. */
static int
maybe_cast(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    Py_ssize_t q = p + 1;
    while (q < n && (s[q] == ' ' || s[q] == '\t'))
        q++;
    if (q >= n || !((s[q] | 0x20) >= 'a' && (s[q] | 0x20) <= 'z'))
        return 0;
    while (q < n && (s[q] | 0x20) >= 'a' && (s[q] | 0x20) <= 'z')
        q++;
    while (q < n && (s[q] == ' ' || s[q] == '\t'))
        q++;
    return q < n && s[q] == ')';
}

/* End of a '...' string starting at s[p] (past its closing quote), or -1. */
static Py_ssize_t
single_quoted(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    for (Py_ssize_t q = p + 1; q < n; q++) {
        if (s[q] == '\\') {
            if (++q >= n)
                return -1;
        } else if (s[q] == '\'') {
            return q + 1;
        }
    }
    return -1;
}

/* End of a "..." string with nothing interpolated and no `\u{` escape
 * (lexdata's `dq`, less what fastscan checks further), or -1. */
static Py_ssize_t
double_quoted(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    for (Py_ssize_t q = p + 1; q < n; q++) {
        unsigned char c = s[q];
        if (c == '"') {
            /* fastscan checks any `\u{` in the text for a bad escape */
            for (Py_ssize_t i = p + 1; i + 2 < q; i++)
                if (s[i] == '\\' && s[i + 1] == 'u' && s[i + 2] == '{')
                    return -1;
            return q + 1;
        }
        if (c == '\\') {
            if (q + 1 >= n)
                return -1;
            q++;
        } else if (c == '$') {
            if (q + 1 < n && (label_start(s[q + 1]) || s[q + 1] == '{'))
                return -1;
        } else if (c == '{') {
            if (q + 1 < n && s[q + 1] == '$')
                return -1;
        }
    }
    return -1;
}

/* Append Tok(type, value, line, lexpos); steals `value` (NULL: an error
 * already set). */
static int
emit_value(PyObject *tokens, PyObject *type, PyObject *value, Py_ssize_t lexpos, long line)
{
    if (value == NULL)
        return -1;
    TokObject *tok = PyObject_New(TokObject, &TokType);
    if (tok == NULL) {
        Py_DECREF(value);
        return -1;
    }
    tok->value = value;
    tok->lineno = PyLong_FromLong(line);
    tok->lexpos = PyLong_FromSsize_t(lexpos);
    Py_INCREF(type);
    tok->type = type;
    if (tok->lineno == NULL || tok->lexpos == NULL) {
        Py_DECREF(tok);
        return -1;
    }
    int failed = PyList_Append(tokens, (PyObject *)tok);
    Py_DECREF(tok);
    return failed;
}

/* Append Tok(type, text[start:end], line, start); a NULL type is the text
 * itself, as for PHP's one-character tokens. */
static int
emit(PyObject *tokens, PyObject *type, PyObject *text, Py_ssize_t start, Py_ssize_t end,
     long line)
{
    PyObject *value = PyUnicode_Substring(text, start, end);
    return emit_value(tokens, type != NULL ? type : value, value, start, line);
}

/* Is the last token's type in `before` (datascan.EXPRESSION_BEFORE)? */
static int
after_expression_start(PyObject *tokens, PyObject *before)
{
    Py_ssize_t count = PyList_GET_SIZE(tokens);
    if (count == 0)
        return 0;
    PyObject *last = PyList_GET_ITEM(tokens, count - 1);
    PyObject *type = PyObject_GetAttrString(last, "type");
    if (type == NULL)
        return -1;
    int found = PySet_Contains(before, type);
    Py_DECREF(type);
    return found;
}

/* The lowercased keyword type of the plain name s[start:end], or
 * S_STRING; a new reference, NULL on error. */
static PyObject *
keyword_type(const unsigned char *s, Py_ssize_t start, Py_ssize_t end, PyObject *keywords,
             int *is_enum)
{
    Py_ssize_t len = end - start;
    *is_enum = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        if (s[i] >= 0x80) {  /* str.lower() of latin-1 stays non-ASCII: no keyword */
            Py_INCREF(S_STRING);
            return S_STRING;
        }
    }
    PyObject *lower = PyUnicode_New(len, 127);
    if (lower == NULL)
        return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(lower);
    for (Py_ssize_t i = 0; i < len; i++) {
        unsigned char c = s[start + i];
        out[i] = (c >= 'A' && c <= 'Z') ? (Py_UCS1)(c + 32) : c;
    }
    *is_enum = len == 4 && memcmp(out, "enum", 4) == 0;
    PyObject *type = PyDict_GetItemWithError(keywords, lower);
    Py_DECREF(lower);
    if (type == NULL) {
        if (PyErr_Occurred())
            return NULL;
        type = S_STRING;
    }
    Py_INCREF(type);
    return type;
}

static int
is_php(PyObject *mode)
{
    return PyUnicode_Check(mode) && PyUnicode_Compare(mode, S_PHP) == 0;
}

/* -- constant array literals (datascan.py's patterns, as a matcher) ------- */

/* datascan.MIN_SIZE and DEPTH: literals this long and this deep. */
#define DATA_MIN_SIZE 128
#define DATA_DEPTH 6

/* Past a line comment's text: up to a line break or `?>`. */
static Py_ssize_t
line_comment_end(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    while (p < n && s[p] != '\n' && s[p] != '\r' && !(s[p] == '?' && p + 1 < n && s[p + 1] == '>'))
        p++;
    return p;
}

/* Past whitespace and comments (datascan._WS). */
static Py_ssize_t
data_ws(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    for (;;) {
        if (p < n && is_ws(s[p])) {
            while (p < n && is_ws(s[p]))
                p++;
        } else if (p + 1 < n && s[p] == '/' && s[p + 1] == '/') {
            p = line_comment_end(s, p + 2, n);
        } else if (p < n && s[p] == '#' && !(p + 1 < n && s[p + 1] == '[')) {
            p = line_comment_end(s, p + 1, n);
        } else if (p + 1 < n && s[p] == '/' && s[p + 1] == '*') {
            Py_ssize_t q = p + 2;
            while (q + 1 < n && !(s[q] == '*' && s[q + 1] == '/'))
                q++;
            if (q + 1 >= n)
                return p;  /* unterminated: not whitespace */
            p = q + 2;
        } else {
            return p;
        }
    }
}

static int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int
is_hex(unsigned char c)
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static Py_ssize_t
digits_end(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    while (p < n && is_digit(s[p]))
        p++;
    return p;
}

/* Past an optional exponent ([eE][-+]?[0-9]+) at s[p]. */
static Py_ssize_t
exponent_end(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    if (p < n && (s[p] | 0x20) == 'e') {
        Py_ssize_t q = p + 1;
        if (q < n && (s[q] == '-' || s[q] == '+'))
            q++;
        if (q < n && is_digit(s[q]))
            return digits_end(s, q, n);
    }
    return p;
}

/* End of one scalar at s[p] (datascan._SCALAR), or -1. */
static Py_ssize_t
data_scalar(const unsigned char *s, Py_ssize_t p, Py_ssize_t n)
{
    if (p >= n)
        return -1;
    unsigned char c = s[p];
    if (c == '\'')
        return single_quoted(s, p, n);
    if (c == '"') {
        for (Py_ssize_t q = p + 1; q < n; q++) {
            if (s[q] == '"')
                return q + 1;
            if (s[q] == '$')
                return -1;
            if (s[q] == '\\') {
                if (q + 1 >= n || s[q + 1] == 'u')
                    return -1;
                q++;
            }
        }
        return -1;
    }
    Py_ssize_t q = p, end;
    if (c == '-' || c == '+')
        q++;
    if (q >= n)
        return -1;
    if (s[q] == '0' && q + 1 < n && (s[q + 1] | 0x20) == 'x') {
        if (q + 2 >= n || !is_hex(s[q + 2]))
            return -1;
        end = q + 2;
        while (end < n && is_hex(s[end]))
            end++;
    } else if (is_digit(s[q])) {
        end = s[q] == '0' ? q + 1 : digits_end(s, q, n);
        if (end < n && s[end] == '.')
            end = digits_end(s, end + 1, n);
        end = exponent_end(s, end, n);
    } else if (s[q] == '.' && q + 1 < n && is_digit(s[q + 1])) {
        end = exponent_end(s, digits_end(s, q + 1, n), n);
    } else if (q == p && (c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
        static const char *const words[] = {"true", "false", "null", NULL};
        for (const char *const *word = words; *word != NULL; word++) {
            Py_ssize_t len = (Py_ssize_t)strlen(*word);
            if (p + len <= n && ascii_lower_equals(s + p, *word, len)) {
                end = p + len;
                if (end < n && (label_char(s[end]) || s[end] == '\\'))
                    return -1;
                return end;
            }
        }
        return -1;
    } else {
        return -1;
    }
    /* A number may not run on into a name, a digit or a dot. */
    if (end < n && (label_char(s[end]) || s[end] == '.'))
        return -1;
    return end;
}

static Py_ssize_t data_array(const unsigned char *s, Py_ssize_t p, Py_ssize_t n, int depth,
                             int long_form);

/* End of one element value: a scalar, or (depth > 0) a nested literal. */
static Py_ssize_t
data_value(const unsigned char *s, Py_ssize_t p, Py_ssize_t n, int depth, int long_form)
{
    Py_ssize_t end = data_scalar(s, p, n);
    if (end >= 0 || depth == 0)
        return end;
    return data_array(s, p, n, depth - 1, long_form);
}

/* Past the elements at s[p] (datascan._items): as many as match, each
 * `[key =>] value` followed by `,` or by the closing bracket. */
static Py_ssize_t
data_items(const unsigned char *s, Py_ssize_t p, Py_ssize_t n, int depth, int long_form)
{
    for (;;) {
        Py_ssize_t at = p, key = data_scalar(s, p, n);
        if (key >= 0) {
            Py_ssize_t arrow = data_ws(s, key, n);
            if (arrow + 1 < n && s[arrow] == '=' && s[arrow + 1] == '>')
                at = data_ws(s, arrow + 2, n);
        }
        Py_ssize_t end = data_value(s, at, n, depth, long_form);
        if (end < 0)
            return p;
        end = data_ws(s, end, n);
        if (end < n && s[end] == ',')
            p = data_ws(s, end + 1, n);
        else if (end < n && (s[end] == ']' || s[end] == ')'))
            p = end;
        else
            return p;
    }
}

/* End of a literal `[...]` or `array(...)` at s[p] whose values nest at
 * most `depth` more levels, or -1. */
static Py_ssize_t
data_array(const unsigned char *s, Py_ssize_t p, Py_ssize_t n, int depth, int long_form)
{
    Py_ssize_t q;
    if (!long_form) {
        if (p >= n || s[p] != '[')
            return -1;
        q = p + 1;
    } else {
        if (p + 5 > n || !ascii_lower_equals(s + p, "array", 5))
            return -1;
        q = data_ws(s, p + 5, n);
        if (q >= n || s[q] != '(')
            return -1;
        q++;
    }
    q = data_items(s, data_ws(s, q, n), n, depth, long_form);
    if (q < n && s[q] == (long_form ? ')' : ']'))
        return q + 1;
    return -1;
}

/* datascan.data_array_end: where the constant literal at `start` ends, if
 * it is at least DATA_MIN_SIZE long; else -1. */
static Py_ssize_t
data_array_end(const unsigned char *s, Py_ssize_t start, Py_ssize_t n)
{
    if (start < 0 || n - start < DATA_MIN_SIZE)
        return -1;
    Py_ssize_t end = data_array(s, start, n, DATA_DEPTH, s[start] != '[');
    return end < 0 || end - start < DATA_MIN_SIZE ? -1 : end;
}

/* datascan.emit_data_array: 1 and `[0]` / `array(0)` appended in place of
 * the literal at `start` (*pos and *line moved past it), 0 if none is
 * there, -1 on error. */
static int
emit_data_array(PyObject *tokens, PyObject *text, const unsigned char *s, Py_ssize_t n,
                Py_ssize_t start, long line, Py_ssize_t *pos, long *out_line)
{
    Py_ssize_t end = data_array_end(s, start, n);
    if (end < 0)
        return 0;
    long last = line + count_newlines(s, start, end);
    if (s[start] == '[') {
        if (emit(tokens, S_OPEN_BRACKET, text, start, start + 1, line) < 0
            || emit_value(tokens, S_LNUMBER, PyUnicode_FromOrdinal('0'), start + 1, line) < 0
            || emit(tokens, S_CLOSE_BRACKET, text, end - 1, end, last) < 0)
            return -1;
    } else {
        Py_ssize_t paren = start;
        while (paren < end && s[paren] != '(')  /* there is one: the literal matched */
            paren++;
        long paren_line = line + count_newlines(s, start, paren);
        if (emit(tokens, S_ARRAY, text, start, start + 5, line) < 0
            || emit(tokens, S_OPEN_PAREN, text, paren, paren + 1, paren_line) < 0
            || emit_value(tokens, S_LNUMBER, PyUnicode_FromOrdinal('0'), paren + 1, line) < 0
            || emit(tokens, S_CLOSE_PAREN, text, end - 1, end, last) < 0)
            return -1;
    }
    *pos = end;
    *out_line = last;
    return 1;
}

/* data_array_end(text, start) -> int: datascan.data_array_end. */
static PyObject *
py_data_array_end(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "data_array_end(text, start)");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    if (start == -1 && PyErr_Occurred())
        return NULL;
    PyObject *text = args[0];
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND || start >= PyUnicode_GET_LENGTH(text))
        return PyLong_FromLong(-1);
    return PyLong_FromSsize_t(
        data_array_end(PyUnicode_1BYTE_DATA(text), start, PyUnicode_GET_LENGTH(text)));
}

/* run(text, pos, line, arrow, tokens, nest, modes, keywords, operators, big,
 *     expression_before) -> (left_php, pos, line, arrow)
 *
 * Scans from pos until the next token the Python loop must scan itself
 * (left_php False; pos, line and arrow are as before that token and its
 * whitespace), or until a `}` closes the `{$`/`${` of a string (left_php
 * True, as fastscan.run returns). */
static PyObject *
scan_run(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 11) {
        PyErr_SetString(PyExc_TypeError, "run() takes 11 arguments");
        return NULL;
    }
    PyObject *text = args[0], *tokens = args[4], *nest = args[5], *modes = args[6];
    PyObject *keywords = args[7], *operators = args[8], *before = args[10];
    if (!PyUnicode_Check(text) || !PyList_Check(tokens) || !PyList_Check(nest)
        || !PyList_Check(modes) || !PyDict_Check(keywords) || !PyDict_Check(operators)
        || !PyAnySet_Check(before)) {
        PyErr_SetString(PyExc_TypeError, "run(): bad argument types");
        return NULL;
    }
    Py_ssize_t pos = PyLong_AsSsize_t(args[1]);
    long line = PyLong_AsLong(args[2]);
    int arrow = PyObject_IsTrue(args[3]);
    int big = PyObject_IsTrue(args[9]);
    if (PyErr_Occurred() || arrow < 0 || big < 0)
        return NULL;
    int left_php = 0;
    /* Only latin-1 text (the checker decodes bytes as latin-1): else the
     * Python loop does everything. */
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND)
        goto done;
    const unsigned char *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (pos < 0 || pos > n)
        goto done;

    for (;;) {
        Py_ssize_t p = pos;
        long ln = line;
        while (p < n && is_ws(s[p])) {
            ln += s[p] == '\n';
            p++;
        }
        if (p >= n)
            goto done;
        Py_ssize_t start = p, end;
        unsigned char c = s[p];
        int after_arrow = arrow;
        PyObject *type;

        if (c == '(' || c == '[' || c == '{' || c == ';' || c == ',' || c == '~' || c == '@') {
            if (c == '(' && maybe_cast(s, p, n))
                goto defer;
            if (c == '[' && big) {
                int found = after_expression_start(tokens, before);
                if (found > 0)  /* a constant array literal (datascan.py) */
                    found = emit_data_array(tokens, text, s, n, start, ln, &pos, &line);
                if (found < 0)
                    return NULL;
                if (found) {
                    arrow = 0;
                    continue;
                }
            }
            if (c == '(' || c == '[' || c == '{') {
                if (c == '{' && PyList_Append(modes, S_PHP) < 0)
                    return NULL;
                const char *closer = c == '(' ? ")" : c == '[' ? "]" : "}";
                PyObject *entry = Py_BuildValue("(Cls)", (int)c, ln, closer);
                if (entry == NULL || PyList_Append(nest, entry) < 0) {
                    Py_XDECREF(entry);
                    return NULL;
                }
                Py_DECREF(entry);
            }
            if (emit(tokens, NULL, text, start, start + 1, ln) < 0)
                return NULL;
            pos = start + 1;
        } else if (c == ')' || c == ']' || c == '}') {
            char opener = c == ')' ? '(' : c == ']' ? '[' : '{';
            Py_ssize_t depth = PyList_GET_SIZE(nest);
            if (depth == 0)
                goto defer;
            PyObject *top = PyList_GET_ITEM(nest, depth - 1);
            if (!PyTuple_Check(top) || PyTuple_GET_SIZE(top) != 3)
                goto defer;
            PyObject *first = PyTuple_GET_ITEM(top, 0);
            if (!PyUnicode_Check(first) || PyUnicode_GET_LENGTH(first) != 1
                || PyUnicode_READ_CHAR(first, 0) != (Py_UCS4)opener)
                goto defer;  /* an unmatched closer: the Lexer's message */
            type = PyTuple_GET_ITEM(top, 2);
            Py_INCREF(type);
            if (PyList_SetSlice(nest, depth - 1, depth, NULL) < 0) {
                Py_DECREF(type);
                return NULL;
            }
            int failed = emit(tokens, type, text, start, start + 1, ln);
            Py_DECREF(type);
            if (failed)
                return NULL;
            pos = start + 1;
            line = ln;
            arrow = 0;
            Py_ssize_t levels = PyList_GET_SIZE(modes);
            if (c == '}' && levels >= 2) {
                if (PyList_SetSlice(modes, levels - 1, levels, NULL) < 0)
                    return NULL;
                if (!is_php(PyList_GET_ITEM(modes, levels - 2))) {
                    left_php = 1;  /* the `}` of "{$" / "${" resumes the string */
                    goto done;
                }
            }
            continue;
        } else if (c == '$') {
            if (p + 1 >= n || !label_start(s[p + 1]))
                goto defer;
            end = p + 2;
            while (end < n && label_char(s[end]))
                end++;
            if (emit(tokens, S_VARIABLE, text, start, end, ln) < 0)
                return NULL;
            pos = end;
        } else if (label_start(c) || (c == '\\' && p + 1 < n && label_start(s[p + 1]))) {
            if ((c == 'b' || c == 'B') && p + 1 < n
                && (s[p + 1] == '\'' || s[p + 1] == '"'
                    || (p + 3 < n && s[p + 1] == '<' && s[p + 2] == '<' && s[p + 3] == '<')))
                goto defer;  /* b'...': bprefix */
            end = qualified_name_end(s, p + (c == '\\'), n);
            if (end < 0)
                goto defer;
            int qualified = c == '\\' || memchr(s + start, '\\', (size_t)(end - start)) != NULL;
            if (!qualified && end < n && s[end] == '(' && maybe_set_visibility(s, start, end))
                goto defer;  /* `public(set)` */
            if (qualified) {  /* as Lexer._t_name names them */
                type = c == '\\' ? S_NAME_FULLY_QUALIFIED
                    : (end - start > 10 && ascii_lower_equals(s + start, "namespace\\", 10))
                    ? S_NAME_RELATIVE : S_NAME_QUALIFIED;
                Py_INCREF(type);
            } else if (after_arrow) {
                type = S_STRING;
                Py_INCREF(type);
            } else {
                int is_enum;
                type = keyword_type(s, start, end, keywords, &is_enum);
                if (type == NULL)
                    return NULL;
                int defer_it = is_enum || type == S_YIELD || type == S_HALT
                    || (PyUnicode_Check(type)
                        && (PyUnicode_Compare(type, S_YIELD) == 0
                            || PyUnicode_Compare(type, S_HALT) == 0));
                if (!defer_it && big && PyUnicode_Check(type)
                    && PyUnicode_Compare(type, S_ARRAY) == 0) {
                    int found = after_expression_start(tokens, before);
                    if (found > 0)  /* as for `[` */
                        found = emit_data_array(tokens, text, s, n, start, ln, &pos, &line);
                    if (found < 0) {
                        Py_DECREF(type);
                        return NULL;
                    }
                    if (found) {
                        Py_DECREF(type);
                        arrow = 0;
                        continue;
                    }
                }
                if (defer_it) {
                    Py_DECREF(type);
                    goto defer;
                }
            }
            int failed = emit(tokens, type, text, start, end, ln);
            Py_DECREF(type);
            if (failed)
                return NULL;
            pos = end;
        } else if (c >= '0' && c <= '9') {
            end = p + 1;
            while (end < n && s[end] >= '0' && s[end] <= '9')
                end++;
            if ((c == '0' && end - start > 1)
                || (end < n && one_of(s[end], ".eE_xXbBoO")))
                goto defer;  /* octal, hex, binary, a float, a separator */
            if (emit(tokens, S_LNUMBER, text, start, end, ln) < 0)
                return NULL;
            pos = end;
        } else if (c == '\'' || c == '"') {
            end = c == '\'' ? single_quoted(s, p, n) : double_quoted(s, p, n);
            if (end < 0)
                goto defer;
            if (emit(tokens, S_CONST_STRING, text, start, end, ln) < 0)
                return NULL;
            ln += count_newlines(s, start, end);
            pos = end;
        } else if (c == '#' || (c == '/' && p + 1 < n && s[p + 1] == '/')) {
            if (c == '#' && p + 1 < n && s[p + 1] == '[')
                goto defer;  /* an attribute */
            end = p + (c == '#' ? 1 : 2);
            while (end < n && s[end] != '\r' && s[end] != '\n'
                   && !(s[end] == '?' && end + 1 < n && s[end + 1] == '>'))
                end++;
            pos = end;
        } else if (c == '/' && p + 1 < n && s[p + 1] == '*') {
            Py_ssize_t q = p + 2;
            while (q + 1 < n && !(s[q] == '*' && s[q + 1] == '/'))
                q++;
            if (q + 1 >= n)
                goto defer;  /* unterminated: the Lexer's message */
            end = q + 2;
            ln += count_newlines(s, start, end);
            pos = end;
        } else if (one_of(c, "=+-*/%.<>?:!|^&")) {
            if (c == '<' && p + 2 < n && s[p + 1] == '<' && s[p + 2] == '<')
                goto defer;  /* maybe a heredoc */
            Py_ssize_t len = match_op(s, p, n);
            if (len == 0) {
                if ((c == '.' && p + 1 < n && s[p + 1] >= '0' && s[p + 1] <= '9')
                    || (c == '?' && p + 1 < n && s[p + 1] == '>'))
                    goto defer;  /* a number, or `?>` */
                end = p + 1;
                if (c == '&') {
                    Py_ssize_t q = end;
                    while (q < n && is_ws(s[q]))
                        q++;
                    type = (q < n && (s[q] == '$' || (q + 2 < n && s[q] == '.'
                                                      && s[q + 1] == '.' && s[q + 2] == '.')))
                        ? S_AMP_VAR : S_AMP;
                    if (emit(tokens, type, text, start, end, ln) < 0)
                        return NULL;
                } else if (emit(tokens, NULL, text, start, end, ln) < 0) {
                    return NULL;
                }
                pos = end;
            } else {
                end = p + len;
                PyObject *value = PyUnicode_Substring(text, start, end);
                if (value == NULL)
                    return NULL;
                type = PyDict_GetItemWithError(operators, value);
                Py_DECREF(value);
                if (type == NULL) {
                    if (PyErr_Occurred())
                        return NULL;
                    goto defer;
                }
                if (PyUnicode_Check(type) && PyUnicode_Compare(type, S_NULLSAFE) == 0)
                    goto defer;  /* the Lexer records the feature */
                Py_INCREF(type);
                int failed = emit(tokens, type, text, start, end, ln);
                int is_arrow = PyUnicode_Check(type)
                    && PyUnicode_Compare(type, S_OBJECT_OPERATOR) == 0;
                Py_DECREF(type);
                if (failed)
                    return NULL;
                pos = end;
                line = ln;
                arrow = is_arrow;
                continue;
            }
        } else {
            goto defer;  /* `\`, a backquote, a control character... */
        }
        line = ln;
        arrow = 0;
        continue;
    defer:
        goto done;
    }
done:
    return Py_BuildValue("(OnlO)", left_php ? Py_True : Py_False, pos, line,
                         arrow ? Py_True : Py_False);
}

/* -- the LR parse loop (lr.Parser.parse) ----------------------------------- */

/* lr.py's rule kinds */
enum { K_CALL, K_FIRST, K_SECOND, K_CONST, K_VARIABLE, K_CHAIN, K_READ, K_LIST, K_APPEND,
       K_EMPTY, K_SET };
#define NO_ACTION INT16_MIN

typedef struct {
    Py_ssize_t len;
    int kind;
    PyObject *arg;        /* the action function, the constant, the chain tag */
    const int16_t *gotos; /* by state: the state after the rule's nonterminal */
} Rule;

typedef struct {
    PyObject_HEAD
    Py_ssize_t states, terms, nrules;
    int16_t *actions;     /* [state * terms + term] */
    int16_t *defaulted;   /* by state: its only action, a reduction, or 0 */
    int16_t *gotos;       /* one row of `states` per nonterminal */
    Rule *rules;          /* by rule number (rules[0] unused) */
    PyObject *term_ids;   /* token type -> term */
    PyObject *end_id;     /* the term of "$end" */
    PyObject *nonterminal, *end, *chain_tags, *production, *parse_error, *php_depth;
    Py_ssize_t soft_depth;
} ParserObject;

static PyObject *S_LOOKAHEAD, *S_READS, *S_INDEX, *S_SYMS, *S_BASE, *S_APPEND_TAG,
    *S_THIS, *S_THIS_TAG, *S_VAR_TAG, *S_TERNARY, *S_SHORT_TERNARY, *S_EXPR_TAG, *S_TYPE,
    *S_VALUE, *S_LINENO, *S_LEXPOS;

static void
parser_dealloc(ParserObject *self)
{
    if (self->rules != NULL)
        for (Py_ssize_t i = 0; i < self->nrules; i++)
            Py_XDECREF(self->rules[i].arg);
    PyMem_Free(self->actions);
    PyMem_Free(self->defaulted);
    PyMem_Free(self->gotos);
    PyMem_Free(self->rules);
    Py_XDECREF(self->term_ids);
    Py_XDECREF(self->end_id);
    Py_XDECREF(self->nonterminal);
    Py_XDECREF(self->end);
    Py_XDECREF(self->chain_tags);
    Py_XDECREF(self->production);
    Py_XDECREF(self->parse_error);
    Py_XDECREF(self->php_depth);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* An int that fits the tables, or -1 with an error set. */
static int
table_int(PyObject *value, long low, long high, long *out)
{
    long number = PyLong_AsLong(value);
    if (number == -1 && PyErr_Occurred())
        return -1;
    if (number < low || number > high) {
        PyErr_SetString(PyExc_ValueError, "Parser: a table entry is out of range");
        return -1;
    }
    *out = number;
    return 0;
}

/* Parser(actions, defaulted, rules, nonterminal, end, chain_tags, production,
 *        parse_error, php_depth, soft_depth): lr.Parser's tables, as lr.Parser
 * builds them (rules[0] unused; each rule (gotos, len, kind, arg)). */
static PyObject *
parser_new(PyTypeObject *cls, PyObject *args, PyObject *kwds)
{
    PyObject *actions, *defaulted, *rules, *nonterminal, *end, *chain_tags, *production,
        *parse_error, *php_depth;
    Py_ssize_t soft_depth;
    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "Parser() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O!O!O!OOO!OOOn:Parser", &PyList_Type, &actions,
                          &PyList_Type, &defaulted, &PyList_Type, &rules, &nonterminal, &end,
                          &PyDict_Type, &chain_tags, &production, &parse_error, &php_depth,
                          &soft_depth))
        return NULL;
    ParserObject *self = (ParserObject *)cls->tp_alloc(cls, 0);
    if (self == NULL)
        return NULL;
    self->states = PyList_GET_SIZE(actions);
    self->nrules = PyList_GET_SIZE(rules);
    self->soft_depth = soft_depth;
    Py_INCREF(nonterminal);
    self->nonterminal = nonterminal;
    Py_INCREF(end);
    self->end = end;
    Py_INCREF(chain_tags);
    self->chain_tags = chain_tags;
    Py_INCREF(production);
    self->production = production;
    Py_INCREF(parse_error);
    self->parse_error = parse_error;
    Py_INCREF(php_depth);
    self->php_depth = php_depth;
    PyObject *goto_rows = NULL;  /* id(gotos dict) -> row */
    self->term_ids = PyDict_New();
    if (self->term_ids == NULL || PyList_GET_SIZE(defaulted) != self->states
        || self->states >= INT16_MAX || self->nrules >= INT16_MAX)
        goto fail_value;
    /* Terms: every token type any state has an action for. */
    for (Py_ssize_t state = 0; state < self->states; state++) {
        PyObject *row = PyList_GET_ITEM(actions, state), *key, *value;
        Py_ssize_t at = 0;
        if (!PyDict_Check(row))
            goto fail_value;
        while (PyDict_Next(row, &at, &key, &value)) {
            if (PyDict_Contains(self->term_ids, key))
                continue;
            PyObject *id = PyLong_FromSsize_t(PyDict_GET_SIZE(self->term_ids));
            if (id == NULL || PyDict_SetItem(self->term_ids, key, id) < 0) {
                Py_XDECREF(id);
                goto fail;
            }
            Py_DECREF(id);
        }
    }
    self->terms = PyDict_GET_SIZE(self->term_ids);
    self->end_id = PyDict_GetItemString(self->term_ids, "$end");
    if (self->end_id == NULL)
        goto fail_value;
    Py_INCREF(self->end_id);
    self->actions = PyMem_Malloc(sizeof(int16_t) * (size_t)(self->states * self->terms + 1));
    self->defaulted = PyMem_Malloc(sizeof(int16_t) * (size_t)(self->states + 1));
    self->rules = PyMem_Calloc((size_t)self->nrules + 1, sizeof(Rule));
    if (self->actions == NULL || self->defaulted == NULL || self->rules == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < self->states * self->terms; i++)
        self->actions[i] = NO_ACTION;
    for (Py_ssize_t state = 0; state < self->states; state++) {
        PyObject *row = PyList_GET_ITEM(actions, state), *key, *value;
        Py_ssize_t at = 0;
        long number;
        while (PyDict_Next(row, &at, &key, &value)) {
            if (value == Py_None)
                continue;  /* an error entry: no action */
            long term = PyLong_AsLong(PyDict_GetItem(self->term_ids, key));
            if (table_int(value, -self->nrules, self->states - 1, &number) < 0)
                goto fail;
            self->actions[state * self->terms + term] = (int16_t)number;
        }
        if (table_int(PyList_GET_ITEM(defaulted, state), -self->nrules, 0, &number) < 0)
            goto fail;
        self->defaulted[state] = (int16_t)number;
    }
    goto_rows = PyDict_New();
    if (goto_rows == NULL)
        goto fail;
    Py_ssize_t rows = 0;
    for (Py_ssize_t i = 1; i < self->nrules; i++) {
        PyObject *rule = PyList_GET_ITEM(rules, i);
        if (!PyTuple_Check(rule) || PyTuple_GET_SIZE(rule) != 4
            || !PyDict_Check(PyTuple_GET_ITEM(rule, 0)))
            goto fail_value;
        PyObject *key = PyLong_FromVoidPtr(PyTuple_GET_ITEM(rule, 0));
        if (key == NULL)
            goto fail;
        if (!PyDict_Contains(goto_rows, key)) {
            PyObject *row = PyLong_FromSsize_t(rows++);
            if (row == NULL || PyDict_SetItem(goto_rows, key, row) < 0) {
                Py_XDECREF(row);
                Py_DECREF(key);
                goto fail;
            }
            Py_DECREF(row);
        }
        Py_DECREF(key);
    }
    self->gotos = PyMem_Malloc(sizeof(int16_t) * (size_t)(rows * self->states + 1));
    if (self->gotos == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < rows * self->states; i++)
        self->gotos[i] = -1;
    for (Py_ssize_t i = 1; i < self->nrules; i++) {
        PyObject *rule = PyList_GET_ITEM(rules, i), *table = PyTuple_GET_ITEM(rule, 0);
        PyObject *key = PyLong_FromVoidPtr(table), *from, *to;
        if (key == NULL)
            goto fail;
        Py_ssize_t row = PyLong_AsSsize_t(PyDict_GetItem(goto_rows, key));
        Py_DECREF(key);
        int16_t *gotos = self->gotos + row * self->states;
        Py_ssize_t at = 0;
        long state, target, len, kind;
        while (PyDict_Next(table, &at, &from, &to)) {
            if (table_int(from, 0, self->states - 1, &state) < 0
                || table_int(to, 0, self->states - 1, &target) < 0)
                goto fail;
            gotos[state] = (int16_t)target;
        }
        if (table_int(PyTuple_GET_ITEM(rule, 1), 0, 1000, &len) < 0
            || table_int(PyTuple_GET_ITEM(rule, 2), K_CALL, K_SET, &kind) < 0)
            goto fail;
        self->rules[i].gotos = gotos;
        self->rules[i].len = len;
        self->rules[i].kind = (int)kind;
        self->rules[i].arg = PyTuple_GET_ITEM(rule, 3);
        Py_INCREF(self->rules[i].arg);
    }
    Py_DECREF(goto_rows);
    return (PyObject *)self;
fail_value:
    if (!PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "Parser: tables not as lr.Parser builds them");
fail:
    Py_XDECREF(goto_rows);
    Py_DECREF(self);
    return NULL;
}

/* A token's field: read directly from a C Tok. */
static PyObject *
tok_field(PyObject *tok, PyObject *name)
{
    if (Py_IS_TYPE(tok, &TokType)) {
        TokObject *t = (TokObject *)tok;
        PyObject *field = name == S_TYPE ? t->type : name == S_VALUE ? t->value
            : name == S_LINENO ? t->lineno : t->lexpos;
        if (field != NULL) {
            Py_INCREF(field);
            return field;
        }
    }
    return PyObject_GetAttr(tok, name);
}

typedef struct {
    int16_t *items;
    Py_ssize_t size, capacity;
} Stack;

static int
stack_push(Stack *stack, int16_t state)
{
    if (stack->size == stack->capacity) {
        Py_ssize_t capacity = stack->capacity * 2 + 64;
        int16_t *items = PyMem_Realloc(stack->items, sizeof(int16_t) * (size_t)capacity);
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        stack->items = items;
        stack->capacity = capacity;
    }
    stack->items[stack->size++] = state;
    return 0;
}

static PyObject *
stack_list(Stack *stack)
{
    PyObject *list = PyList_New(stack->size);
    for (Py_ssize_t i = 0; list != NULL && i < stack->size; i++) {
        PyObject *state = PyLong_FromLong(stack->items[i]);
        if (state == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, state);
    }
    return list;
}

/* tokens[at], or None where `at` is outside the list (borrowed).  The
 * actions never change the list; this keeps a read in bounds if one did. */
static PyObject *
token_at(PyObject *tokens, Py_ssize_t at)
{
    return at >= 0 && at < PyList_GET_SIZE(tokens) ? PyList_GET_ITEM(tokens, at) : Py_None;
}

/* The token last read, as lr.py gives it to actions (a new reference). */
static PyObject *
last_read(PyObject *lookahead, PyObject *tokens, Py_ssize_t index)
{
    PyObject *tok = lookahead != NULL ? lookahead : token_at(tokens, index - 1);
    Py_INCREF(tok);
    return tok;
}

/* Truncate a list to `size` items. */
static int
list_truncate(PyObject *list, Py_ssize_t size)
{
    return PyList_SetSlice(list, size, PyList_GET_SIZE(list), NULL);
}

/* Set a list's last item (the list is never empty here). */
static void
set_top(PyObject *list, PyObject *value)
{
    Py_ssize_t last = PyList_GET_SIZE(list) - 1;
    Py_INCREF(value);
    PyObject *old = PyList_GET_ITEM(list, last);
    PyList_SET_ITEM(list, last, value);
    Py_DECREF(old);
}

/* parse(tokens, failure, state_obj, feeder): lr.Parser.parse, step for step. */
static PyObject *
parser_parse(ParserObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "parse(tokens, failure, state_obj, feeder)");
        return NULL;
    }
    PyObject *tokens = args[0], *failure = args[1], *state_obj = args[2], *feeder = args[3];
    PyObject *vals = PyList_New(0), *syms = PyList_New(0), *anchors = PyList_New(0);
    PyObject *lookahead = NULL; /* NULL: none read; self->end: the end */
    PyObject *result = NULL;
    Stack stack = {NULL, 0, 0};
    Py_ssize_t index = 0, term = 0;
    int state = 0;
    if (vals == NULL || syms == NULL || anchors == NULL || PyList_Append(vals, Py_None) < 0
        || PyList_Append(syms, self->nonterminal) < 0 || stack_push(&stack, 0) < 0)
        goto out;
    for (;;) {
        int t = self->defaulted[state];
        if (!t) {
            if (lookahead == NULL) {
                if (index < PyList_GET_SIZE(tokens)) {
                    lookahead = PyList_GET_ITEM(tokens, index++);
                    Py_INCREF(lookahead);
                    PyObject *type = tok_field(lookahead, S_TYPE);
                    if (type == NULL)
                        goto out;
                    PyObject *id = PyDict_GetItemWithError(self->term_ids, type);
                    Py_DECREF(type);
                    if (id == NULL && PyErr_Occurred())
                        goto out;
                    term = id == NULL ? -1 : PyLong_AsSsize_t(id);
                } else {
                    if (PyObject_SetAttr(state_obj, S_LOOKAHEAD, Py_None) < 0)
                        goto out;
                    if (failure != Py_None) {
                        PyObject *at = PyLong_FromSsize_t(index);
                        if (at == NULL || PyObject_SetAttr(feeder, S_INDEX, at) < 0) {
                            Py_XDECREF(at);
                            goto out;
                        }
                        Py_DECREF(at);
                        PyErr_SetObject((PyObject *)Py_TYPE(failure), failure);
                        goto out;
                    }
                    lookahead = self->end;
                    Py_INCREF(lookahead);
                    term = PyLong_AsSsize_t(self->end_id);
                }
            }
            t = term < 0 ? NO_ACTION : self->actions[state * self->terms + term];
            if (t == NO_ACTION) {
                PyObject *tok = lookahead == self->end ? Py_None : lookahead;
                PyObject *at = PyLong_FromSsize_t(index), *states = stack_list(&stack);
                PyObject *error = NULL;
                if (at != NULL && states != NULL && PyObject_SetAttr(feeder, S_INDEX, at) == 0
                    && PyObject_SetAttr(state_obj, S_LOOKAHEAD, tok) == 0)
                    error = PyObject_CallFunctionObjArgs(self->parse_error, tok, states, NULL);
                if (error != NULL) {
                    PyErr_SetObject((PyObject *)Py_TYPE(error), error);
                    Py_DECREF(error);
                }
                Py_XDECREF(at);
                Py_XDECREF(states);
                goto out;
            }
            if (t > 0) {  /* shift */
                PyObject *value = tok_field(lookahead, S_VALUE);
                if (value == NULL || stack_push(&stack, (int16_t)t) < 0
                    || PyList_Append(vals, value) < 0 || PyList_Append(syms, lookahead) < 0) {
                    Py_XDECREF(value);
                    goto out;
                }
                Py_DECREF(value);
                state = t;
                if (stack.size >= self->soft_depth) {
                    PyObject *done = PyObject_CallFunctionObjArgs(
                        self->php_depth, syms, anchors, token_at(tokens, index - 1), NULL);
                    if (done == NULL)
                        goto out;
                    Py_DECREF(done);
                }
                Py_CLEAR(lookahead);
                continue;
            }
            if (t == 0) {  /* accept */
                if (PyObject_SetAttr(state_obj, S_LOOKAHEAD, Py_None) < 0)
                    goto out;
                Py_INCREF(Py_None);
                result = Py_None;
                goto out;
            }
        }
        if (-t >= self->nrules) {
            PyErr_SetString(PyExc_RuntimeError, "parse: no such rule");
            goto out;
        }
        Rule *rule = &self->rules[-t];
        Py_ssize_t plen = rule->len, size = PyList_GET_SIZE(vals);
        if (plen >= stack.size) {
            PyErr_SetString(PyExc_RuntimeError, "parse: the stack is shorter than a rule");
            goto out;
        }
        PyObject *value;  /* a new reference */
        int kind = rule->kind;
        if (kind == K_FIRST && plen == 1) {  /* A : B, the commonest: only the top changes */
            set_top(syms, self->nonterminal);
            goto replace_state;
        }
        if (kind == K_READ) {  /* expr : variable; `$a[]` read (compile_checks.reads) */
            int append = PyObject_RichCompareBool(PyList_GET_ITEM(vals, size - 1),
                                                  S_APPEND_TAG, Py_EQ);
            if (append < 0)
                goto out;
            if (append) {
                PyObject *tok = last_read(lookahead, tokens, index), *at;
                at = (tok == Py_None || tok == self->end) ? PyLong_FromLongLong(1LL << 60)
                    : tok_field(tok, S_LEXPOS);
                Py_DECREF(tok);
                PyObject *reads = at == NULL ? NULL : PyObject_GetAttr(state_obj, S_READS);
                int failed = reads == NULL || PyList_Check(reads) == 0
                    ? -1 : PyList_Append(reads, at);
                if (failed && reads != NULL && !PyList_Check(reads)) {
                    PyObject *done = PyObject_CallMethod(reads, "append", "O", at);
                    failed = done == NULL ? -1 : 0;
                    Py_XDECREF(done);
                }
                Py_XDECREF(reads);
                Py_XDECREF(at);
                if (failed)
                    goto out;
            }
            set_top(syms, self->nonterminal);
            goto replace_state;
        }
        if (kind == K_FIRST) {
            value = PyList_GET_ITEM(vals, size - plen);
            Py_INCREF(value);
        } else if (kind == K_CONST) {
            value = rule->arg;
            Py_INCREF(value);
        } else if (kind == K_LIST) {  /* p[0] = [p[1]] */
            value = PyList_New(1);
            if (value == NULL)
                goto out;
            PyObject *item = PyList_GET_ITEM(vals, size - plen);
            Py_INCREF(item);
            PyList_SET_ITEM(value, 0, item);
        } else if (kind == K_APPEND) {  /* p[1].append(p[n]); p[0] = p[1] */
            Py_ssize_t at = PyLong_AsSsize_t(rule->arg);
            if (at < 1 || at > plen) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_RuntimeError, "parse: no such symbol to append");
                goto out;
            }
            value = PyList_GET_ITEM(vals, size - plen);
            PyObject *item = PyList_GET_ITEM(vals, size - plen + at - 1);
            Py_INCREF(value);
            PyObject *done = PyList_CheckExact(value) ? (PyList_Append(value, item) < 0
                                                         ? NULL : (Py_INCREF(Py_None), Py_None))
                : PyObject_CallMethod(value, "append", "O", item);
            if (done == NULL) {
                Py_DECREF(value);
                goto out;
            }
            Py_DECREF(done);
        } else if (kind == K_EMPTY) {
            value = PyList_New(0);
            if (value == NULL)
                goto out;
        } else if (kind == K_SET) {  /* a_arguments_first: p[0] = {p[1]} */
            value = PySet_New(NULL);
            if (value == NULL || PySet_Add(value, PyList_GET_ITEM(vals, size - plen)) < 0) {
                Py_XDECREF(value);
                goto out;
            }
        } else if (kind == K_CALL) {
            PyObject *tok = lookahead == self->end ? (Py_INCREF(Py_None), Py_None)
                : last_read(lookahead, tokens, index);
            int failed = PyObject_SetAttr(state_obj, S_LOOKAHEAD, tok);
            Py_DECREF(tok);
            if (failed)
                goto out;
            PyObject *items = plen ? PyList_GetSlice(vals, size - plen - 1, size)
                : PyList_New(1);
            if (items == NULL)
                goto out;
            if (!plen) {
                Py_INCREF(Py_None);
                PyList_SET_ITEM(items, 0, Py_None);
            }
            PyObject *p = PyObject_CallOneArg(self->production, items);
            Py_DECREF(items);
            if (p == NULL)
                goto out;
            PyObject *base = PyLong_FromSsize_t(PyList_GET_SIZE(syms) - plen - 1);
            PyObject *done = NULL;
            if (base != NULL && PySequence_SetItem(p, 0, Py_None) == 0
                && PyObject_SetAttr(p, S_SYMS, syms) == 0 && PyObject_SetAttr(p, S_BASE, base) == 0)
                done = PyObject_CallOneArg(rule->arg, p);
            Py_XDECREF(base);
            value = done == NULL ? NULL : PySequence_GetItem(p, 0);
            Py_XDECREF(done);
            Py_DECREF(p);
            if (value == NULL)
                goto out;
            if (PyList_GET_SIZE(syms) != stack.size || PyList_GET_SIZE(vals) != stack.size) {
                /* an action changed the stacks: never read past them */
                Py_DECREF(value);
                PyErr_SetString(PyExc_RuntimeError, "parse: an action changed the stack");
                goto out;
            }
        } else if (kind == K_VARIABLE) {
            int is_this = PyObject_RichCompareBool(PyList_GET_ITEM(vals, size - 1), S_THIS, Py_EQ);
            if (is_this < 0)
                goto out;
            if (is_this) {
                PyObject *sym = PyList_GET_ITEM(syms, PyList_GET_SIZE(syms) - 1);
                PyObject *lexpos = tok_field(sym, S_LEXPOS), *lineno = NULL;
                if (lexpos != NULL)
                    lineno = tok_field(sym, S_LINENO);
                value = lineno == NULL ? NULL : PyTuple_Pack(3, S_THIS_TAG, lexpos, lineno);
                Py_XDECREF(lexpos);
                Py_XDECREF(lineno);
                if (value == NULL)
                    goto out;
            } else {
                value = S_VAR_TAG;
                Py_INCREF(value);
            }
        } else if (kind == K_CHAIN) {  /* X[...], X->p: the container's kind carries on */
            PyObject *inner = PyList_GET_ITEM(vals, size - plen);
            if (PyTuple_CheckExact(inner)) {
                value = rule->arg;
            } else {
                value = PyDict_GetItemWithError(self->chain_tags, inner);
                if (value == NULL) {
                    if (PyErr_Occurred())
                        goto out;
                    value = rule->arg;
                }
            }
            Py_INCREF(value);
        } else {  /* K_SECOND */
            value = PyList_GET_ITEM(vals, size + 1 - plen);
            int ternary = PyObject_RichCompareBool(value, S_TERNARY, Py_EQ);
            if (ternary == 0)
                ternary = PyObject_RichCompareBool(value, S_SHORT_TERNARY, Py_EQ);
            if (ternary < 0)
                goto out;
            value = ternary ? S_EXPR_TAG : value;  /* `(a ? b : c)`: parenthesised */
            Py_INCREF(value);
        }
        if (plen) {
            size = PyList_GET_SIZE(vals);
            if (plen > 1) {
                stack.size -= plen - 1;
                if (list_truncate(vals, size - plen + 1) < 0
                    || list_truncate(syms, PyList_GET_SIZE(syms) - plen + 1) < 0) {
                    Py_DECREF(value);
                    goto out;
                }
            }
            set_top(vals, value);
            Py_DECREF(value);
            set_top(syms, self->nonterminal);
            goto replace_state;
        }
        /* An empty rule: push its nonterminal. */
        state = rule->gotos[state];
        if (state < 0 || stack_push(&stack, (int16_t)state) < 0
            || PyList_Append(vals, value) < 0 || PyList_Append(syms, self->nonterminal) < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_RuntimeError, "parse: no goto for a rule");
            Py_DECREF(value);
            goto out;
        }
        Py_DECREF(value);
        if (stack.size >= self->soft_depth) {
            /* bison makes such a reduction before it reads the next token (a
             * default reduction): PHP names the last one read. */
            Py_ssize_t last = index - 1 - (lookahead != NULL && lookahead != self->end);
            PyObject *done = PyObject_CallFunctionObjArgs(
                self->php_depth, syms, anchors,
                token_at(tokens, last), NULL);
            if (done == NULL)
                goto out;
            Py_DECREF(done);
        }
        continue;
    replace_state:
        state = rule->gotos[stack.items[stack.size - 2]];
        if (state < 0) {
            PyErr_SetString(PyExc_RuntimeError, "parse: no goto for a rule");
            goto out;
        }
        stack.items[stack.size - 1] = (int16_t)state;
    }
out:
    Py_XDECREF(lookahead);
    Py_XDECREF(vals);
    Py_XDECREF(syms);
    Py_XDECREF(anchors);
    PyMem_Free(stack.items);
    return result;
}

static PyMethodDef parser_methods[] = {
    {"parse", (PyCFunction)(void (*)(void))parser_parse, METH_FASTCALL,
     "parse(tokens, failure, state_obj, feeder): lr.Parser.parse in C."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ParserType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "commit_guard.php._accel.Parser",
    .tp_doc = "lr.Parser's tables and parse loop in C.",
    .tp_basicsize = sizeof(ParserObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = parser_new,
    .tp_dealloc = (destructor)parser_dealloc,
    .tp_methods = parser_methods,
};

static PyMethodDef scan_methods[] = {
    {"data_array_end", (PyCFunction)(void (*)(void))py_data_array_end, METH_FASTCALL,
     "datascan.data_array_end in C."},
    {"run", (PyCFunction)(void (*)(void))scan_run, METH_FASTCALL,
     "Scan the common PHP tokens from pos (see fastscan.run)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef scan_module = {
    PyModuleDef_HEAD_INIT, "_accel", "The PHP scanner's and parser's hot loops in C (fastscan.py, lr.py).", -1,
    scan_methods, NULL, NULL, NULL, NULL,
};

static int
intern(PyObject **slot, const char *text)
{
    *slot = PyUnicode_InternFromString(text);
    return *slot == NULL ? -1 : 0;
}

PyMODINIT_FUNC
PyInit__accel(void)
{
    if (intern(&S_VARIABLE, "VARIABLE") || intern(&S_STRING, "STRING")
        || intern(&S_LNUMBER, "LNUMBER") || intern(&S_CONST_STRING, "CONSTANT_ENCAPSED_STRING")
        || intern(&S_AMP, "AMP") || intern(&S_AMP_VAR, "AMP_VAR") || intern(&S_PHP, "php")
        || intern(&S_ENUM, "enum") || intern(&S_YIELD, "YIELD")
        || intern(&S_HALT, "HALT_COMPILER") || intern(&S_ARRAY, "ARRAY")
        || intern(&S_OBJECT_OPERATOR, "OBJECT_OPERATOR")
        || intern(&S_NULLSAFE, "NULLSAFE_OBJECT_OPERATOR")
        || intern(&S_NAME_FULLY_QUALIFIED, "NAME_FULLY_QUALIFIED")
        || intern(&S_NAME_QUALIFIED, "NAME_QUALIFIED") || intern(&S_NAME_RELATIVE, "NAME_RELATIVE")
        || intern(&S_OPEN_BRACKET, "[") || intern(&S_CLOSE_BRACKET, "]")
        || intern(&S_OPEN_PAREN, "(") || intern(&S_CLOSE_PAREN, ")"))
        return NULL;
    if (intern(&S_LOOKAHEAD, "lookahead") || intern(&S_READS, "reads")
        || intern(&S_INDEX, "index") || intern(&S_SYMS, "syms") || intern(&S_BASE, "base")
        || intern(&S_APPEND_TAG, "append") || intern(&S_THIS, "$this")
        || intern(&S_THIS_TAG, "this") || intern(&S_VAR_TAG, "var")
        || intern(&S_TERNARY, "ternary") || intern(&S_SHORT_TERNARY, "short_ternary")
        || intern(&S_EXPR_TAG, "expr") || intern(&S_TYPE, "type") || intern(&S_VALUE, "value")
        || intern(&S_LINENO, "lineno") || intern(&S_LEXPOS, "lexpos"))
        return NULL;
    if (PyType_Ready(&TokType) < 0 || PyType_Ready(&ParserType) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&scan_module);
    if (module == NULL)
        return NULL;
    Py_INCREF(&TokType);
    if (PyModule_AddObject(module, "Tok", (PyObject *)&TokType) < 0) {
        Py_DECREF(&TokType);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&ParserType);
    if (PyModule_AddObject(module, "Parser", (PyObject *)&ParserType) < 0) {
        Py_DECREF(&ParserType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
