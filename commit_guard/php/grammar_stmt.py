"""Grammar: files, namespaces, use declarations and statements.

Rules are BNF text in the order and shape of PHP 8.5's
zend_language_parser.y (written anew, not copied); ``@name`` after an
alternative names its action in actions.py; ``!variant`` puts it in one
grammar variant only (build.VARIANTS).  build.py turns every
alternative into one ply p_ function.
"""

RULES = r"""
start : top_statement_list

top_statement_list
    : top_statement_list top_statement
    | %empty

reserved_non_modifiers
    : INCLUDE | INCLUDE_ONCE | EVAL | REQUIRE | REQUIRE_ONCE | LOGICAL_OR | LOGICAL_XOR
    | LOGICAL_AND | INSTANCEOF | NEW | CLONE | EXIT | IF | ELSEIF | ELSE | ENDIF | ECHO | DO
    | WHILE | ENDWHILE | FOR | ENDFOR | FOREACH | ENDFOREACH | DECLARE | ENDDECLARE | AS | TRY
    | CATCH | FINALLY | THROW | USE | INSTEADOF | GLOBAL | VAR | UNSET | ISSET | EMPTY
    | CONTINUE | GOTO | FUNCTION | CONST | RETURN | PRINT | YIELD | LIST | SWITCH | ENDSWITCH
    | CASE | DEFAULT | BREAK | ARRAY | CALLABLE | EXTENDS | IMPLEMENTS | NAMESPACE | TRAIT
    | INTERFACE | CLASS | CLASS_C | TRAIT_C | FUNC_C | METHOD_C | LINE | FILE | DIR | NS_C
    | FN | MATCH | ENUM | PROPERTY_C

semi_reserved
    : reserved_non_modifiers @text
    | STATIC @text | ABSTRACT @text | FINAL @text | PRIVATE @text | PROTECTED @text
    | PUBLIC @text | READONLY @text

ampersand : AMP_VAR | AMP

identifier
    : STRING @text
    | semi_reserved @text

namespace_declaration_name : identifier @text | NAME_QUALIFIED @text
namespace_name : STRING | NAME_QUALIFIED
legacy_namespace_name : namespace_name | NAME_FULLY_QUALIFIED
name : STRING | NAME_QUALIFIED | NAME_FULLY_QUALIFIED | NAME_RELATIVE

top_statement
    : statement
    | attributed_statement
    | attributes attributed_statement @attributed
    | HALT_COMPILER '(' ')' ';'
    | namespace_head ';'
    | namespace_head '{' top_statement_list '}' @namespace_end
    | NAMESPACE '{' top_statement_list '}'
    | USE mixed_group_use_declaration ';' @group_use
    | USE use_type group_use_declaration ';' @group_use_typed
    | USE use_declarations ';' @use_plain
    | USE use_type use_declarations ';' @use_typed
    | CONST const_list ';' @const_statement
    | attributes CONST const_list ';' @const_attribute

namespace_head : NAMESPACE namespace_declaration_name @namespace_head

use_type : FUNCTION @lower | CONST @lower
group_use_declaration
    : legacy_namespace_name NS_SEPARATOR '{' unprefixed_use_declarations possible_comma '}' @group_use_body
mixed_group_use_declaration
    : legacy_namespace_name NS_SEPARATOR '{' inline_use_declarations possible_comma '}' @group_use_body
possible_comma
    : %empty @false
    | ',' @true
inline_use_declarations
    : inline_use_declarations ',' inline_use_declaration @list_append
    | inline_use_declaration @list_first
unprefixed_use_declarations
    : unprefixed_use_declarations ',' unprefixed_use_declaration @list_append
    | unprefixed_use_declaration @list_first
use_declarations
    : use_declarations ',' use_declaration @list_append
    | use_declaration @list_first
inline_use_declaration
    : unprefixed_use_declaration
    | use_type unprefixed_use_declaration @use_typed_inline
unprefixed_use_declaration
    : namespace_name @use_name
    | namespace_name AS STRING @use_alias
use_declaration
    : legacy_namespace_name @use_name
    | legacy_namespace_name AS STRING @use_alias
const_list
    : const_list ',' const_decl @concat3
    | const_decl
declare_list
    : declare_list ',' declare_item @list_append
    | declare_item @list_first
declare_item : STRING '=' expr @declare_item

inner_statement_list
    : inner_statement_list inner_statement
    | %empty
inner_statement
    : statement
    | attributed_statement
    | attributes attributed_statement @attributed
    | HALT_COMPILER '(' ')' ';' @halt_inner

statement
    : '{' inner_statement_list '}'
    | if_stmt
    | alt_if_stmt
    | WHILE '(' expr ')' while_statement @loop
    | DO statement WHILE '(' expr ')' ';' @loop
    | FOR '(' for_exprs ';' for_exprs ';' for_exprs ')' for_statement @loop
    | SWITCH '(' expr ')' switch_case_list @loop
    | BREAK optional_expr ';' @break
    | CONTINUE optional_expr ';' @break
    | RETURN optional_expr ';' @return
    | GLOBAL global_var_list ';'
    | STATIC static_var_list ';'
    | ECHO echo_expr_list ';'
    | INLINE_HTML
    | expr ';' @expr_statement
    | UNSET '(' unset_variables possible_comma ')' ';'
    | FOREACH '(' expr AS foreach_variable ')' foreach_statement @loop
    | FOREACH '(' expr AS foreach_variable DOUBLE_ARROW foreach_variable ')' foreach_statement @loop
    | DECLARE '(' declare_list ')' declare_statement @declare
    | ';'
    | TRY '{' inner_statement_list '}' catch_list finally_statement @try
    | GOTO STRING ';'
    | STRING ':'
    | VOID_CAST expr ';'

catch_list
    : %empty
    | catch_list CATCH '(' catch_name_list optional_variable ')' '{' inner_statement_list '}' @true
catch_name_list
    : class_name
    | catch_name_list '|' class_name @multi_catch
optional_variable
    : %empty @catch_without_variable
    | VARIABLE @catch_variable
finally_statement
    : %empty
    | FINALLY '{' inner_statement_list '}' @finally
unset_variables
    : unset_variable
    | unset_variables ',' unset_variable
unset_variable : variable @unset_variable

for_statement
    : statement
    | ':' inner_statement_list ENDFOR ';'
foreach_statement
    : statement
    | ':' inner_statement_list ENDFOREACH ';'
declare_statement
    : statement
    | ':' inner_statement_list ENDDECLARE ';'
switch_case_list
    : '{' case_list '}'
    | '{' ';' case_list '}'
    | ':' case_list ENDSWITCH ';'
    | ':' ';' case_list ENDSWITCH ';'
case_list
    : %empty @false
    | case_list CASE expr case_separator inner_statement_list
    | case_list DEFAULT case_separator inner_statement_list @switch_default
case_separator : ':' | ';'

while_statement
    : statement
    | ':' inner_statement_list ENDWHILE ';'
if_stmt_without_else
    : IF '(' expr ')' statement
    | if_stmt_without_else ELSEIF '(' expr ')' statement
if_stmt
    : if_stmt_without_else %prec NOELSE
    | if_stmt_without_else ELSE statement
alt_if_stmt_without_else
    : IF '(' expr ')' ':' inner_statement_list
    | alt_if_stmt_without_else ELSEIF '(' expr ')' ':' inner_statement_list
alt_if_stmt
    : alt_if_stmt_without_else ENDIF ';'
    | alt_if_stmt_without_else ELSE ':' inner_statement_list ENDIF ';'

foreach_variable
    : variable @foreach_variable
    | ampersand variable @foreach_variable_ref
    | LIST '(' array_pair_list ')' @destructure
    | '[' array_pair_list ']' @destructure_short

global_var_list
    : global_var_list ',' global_var
    | global_var
global_var
    : simple_variable @global_var
    | '$' simple_variable OBJECT_OPERATOR property_name @global_var_property
static_var_list
    : static_var_list ',' static_var
    | static_var
static_var
    : VARIABLE @static_var
    | VARIABLE '=' expr @static_var
echo_expr_list
    : echo_expr_list ',' echo_expr
    | echo_expr
echo_expr : expr
for_exprs
    : %empty
    | non_empty_for_exprs
non_empty_for_exprs
    : non_empty_for_exprs ',' expr
    | expr
"""
