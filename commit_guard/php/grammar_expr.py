"""Grammar: expressions, variables, calls, scalars and interpolated strings
(see grammar_stmt for the format), and the operator precedence table."""

# PHP 8.5's table, lowest first.  Bison's %precedence becomes 'right':
# the grammar has no same-level conflicts on those, so it decides nothing.
PRECEDENCE = (
    ("right", "THROW"),
    ("right", "PREC_ARROW_FUNCTION"),
    ("right", "INCLUDE", "INCLUDE_ONCE", "REQUIRE", "REQUIRE_ONCE"),
    ("left", "LOGICAL_OR"),
    ("left", "LOGICAL_XOR"),
    ("left", "LOGICAL_AND"),
    ("right", "PRINT"),
    ("right", "YIELD"),
    ("right", "DOUBLE_ARROW"),
    ("right", "YIELD_FROM"),
    ("right", "=", "PLUS_EQUAL", "MINUS_EQUAL", "MUL_EQUAL", "DIV_EQUAL", "CONCAT_EQUAL",
     "MOD_EQUAL", "AND_EQUAL", "OR_EQUAL", "XOR_EQUAL", "SL_EQUAL", "SR_EQUAL", "POW_EQUAL",
     "COALESCE_EQUAL"),
    ("left", "?", ":"),
    ("right", "COALESCE"),
    ("left", "BOOLEAN_OR"),
    ("left", "BOOLEAN_AND"),
    ("left", "|"),
    ("left", "^"),
    ("left", "AMP", "AMP_VAR"),
    ("nonassoc", "IS_EQUAL", "IS_NOT_EQUAL", "IS_IDENTICAL", "IS_NOT_IDENTICAL", "SPACESHIP"),
    ("nonassoc", "<", "IS_SMALLER_OR_EQUAL", ">", "IS_GREATER_OR_EQUAL"),
    ("left", "PIPE"),
    ("left", "."),
    ("left", "SL", "SR"),
    ("left", "+", "-"),
    ("left", "*", "/", "%"),
    ("right", "!"),
    ("right", "INSTANCEOF"),
    ("right", "~", "INT_CAST", "DOUBLE_CAST", "STRING_CAST", "ARRAY_CAST", "OBJECT_CAST",
     "BOOL_CAST", "UNSET_CAST", "@"),
    ("right", "POW"),
    ("right", "CLONE"),
    ("right", "NOELSE"),
    ("right", "ELSEIF"),
    ("right", "ELSE"),
)

RULES = r"""
argument_list
    : '(' ')'
    | '(' non_empty_argument_list possible_comma ')' @argument_list
    | '(' ELLIPSIS ')' @first_class_callable
non_empty_argument_list
    : argument @arguments_first
    | non_empty_argument_list ',' argument @arguments_append
argument
    : expr @positional
    | identifier ':' expr @named
    | ELLIPSIS expr @spread

new_dereferenceable
    : NEW class_name_reference argument_list @new
    | NEW anonymous_class @new
    | NEW attributes anonymous_class @new_attributed
new_non_dereferenceable : NEW class_name_reference @new
new_expr
    : new_dereferenceable
    | new_non_dereferenceable

expr
    : variable @read
    | LIST '(' array_pair_list ')' '=' expr @list_assign
    | '[' array_pair_list ']' '=' expr @short_list_assign
    | variable '=' expr @assign
    | variable '=' ampersand variable @assign_ref
    | variable '=' ampersand new_expr @assign_ref_new
    | CLONE expr @expr
    | variable PLUS_EQUAL expr @assign | variable MINUS_EQUAL expr @assign
    | variable MUL_EQUAL expr @assign | variable POW_EQUAL expr @pow_assign
    | variable DIV_EQUAL expr @assign | variable CONCAT_EQUAL expr @assign
    | variable MOD_EQUAL expr @assign | variable AND_EQUAL expr @assign
    | variable OR_EQUAL expr @assign | variable XOR_EQUAL expr @assign
    | variable SL_EQUAL expr @assign | variable SR_EQUAL expr @assign
    | variable COALESCE_EQUAL expr @coalesce_assign
    | variable INC @incdec_post | INC variable @incdec_pre
    | variable DEC @incdec_post | DEC variable @incdec_pre
    | expr BOOLEAN_OR expr @expr | expr BOOLEAN_AND expr @expr
    | expr LOGICAL_OR expr @expr | expr LOGICAL_AND expr @expr | expr LOGICAL_XOR expr @expr
    | expr '|' expr @expr | expr AMP expr @expr | expr AMP_VAR expr @expr | expr '^' expr @expr
    | expr '.' expr @expr | expr '+' expr @expr | expr '-' expr @expr | expr '*' expr @expr
    | expr '/' expr @expr | expr '%' expr @expr | expr SL expr @expr | expr SR expr @expr
    | expr POW expr @pow
    | '+' expr %prec '~' @expr | '-' expr %prec '~' @expr | '!' expr @expr | '~' expr @expr
    | expr IS_IDENTICAL expr @expr | expr IS_NOT_IDENTICAL expr @expr
    | expr IS_EQUAL expr @expr | expr IS_NOT_EQUAL expr @expr
    | expr '<' expr @expr | expr IS_SMALLER_OR_EQUAL expr @expr
    | expr '>' expr @expr | expr IS_GREATER_OR_EQUAL expr @expr
    | expr SPACESHIP expr @spaceship
    | expr INSTANCEOF class_name_reference @expr
    | '(' expr ')' @second
    | new_expr @expr
    | expr '?' expr ':' expr @ternary
    | expr '?' ':' expr @short_ternary
    | expr COALESCE expr @coalesce
    | internal_functions_in_yacc @expr
    | INT_CAST expr @expr | DOUBLE_CAST expr @expr | STRING_CAST expr @expr
    | ARRAY_CAST expr @expr | OBJECT_CAST expr @expr | BOOL_CAST expr @expr
    | UNSET_CAST expr @expr
    | EXIT ctor_arguments @expr
    | '@' expr @expr
    | scalar @first
    | '`' backticks_expr '`' @expr
    | PRINT expr @expr
    | YIELD @yield
    | YIELD expr @yield
    | YIELD expr DOUBLE_ARROW expr @yield
    | YIELD_FROM expr @yield_from
    | THROW expr @throw
    | inline_function @expr
    | attributes inline_function @attributed_closure
    | STATIC inline_function @expr
    | attributes STATIC inline_function @attributed_closure
    | match @expr
    | expr PIPE expr @pipe

match : MATCH '(' expr ')' '{' match_arm_list '}' @match
match_arm_list
    : %empty
    | non_empty_match_arm_list possible_comma
non_empty_match_arm_list
    : match_arm
    | non_empty_match_arm_list ',' match_arm
match_arm
    : match_arm_cond_list possible_comma DOUBLE_ARROW expr
    | DEFAULT possible_comma DOUBLE_ARROW expr
match_arm_cond_list
    : expr
    | match_arm_cond_list ',' expr

function_call
    : name argument_list @fcall
    | READONLY argument_list @fcall
    | class_name PAAMAYIM_NEKUDOTAYIM member_name argument_list @static_call
    | variable_class_name PAAMAYIM_NEKUDOTAYIM member_name argument_list @mcall
    | callable_expr argument_list @fcall
class_name : STATIC | name
class_name_reference
    : class_name
    | new_variable
    | '(' expr ')'
backticks_expr
    : %empty
    | ENCAPSED_AND_WHITESPACE
    | encaps_list
ctor_arguments
    : %empty
    | argument_list

dereferenceable_scalar
    : ARRAY '(' array_pair_list ')' @array_literal
    | '[' array_pair_list ']' @short_array_literal
    | CONSTANT_ENCAPSED_STRING @expr
    | '"' encaps_list '"' @expr
scalar
    : LNUMBER @integer
    | DNUMBER @expr
    | START_HEREDOC ENCAPSED_AND_WHITESPACE END_HEREDOC @expr
    | START_HEREDOC END_HEREDOC @expr
    | START_HEREDOC encaps_list END_HEREDOC @expr
    | dereferenceable_scalar @first
    | constant @expr
    | class_constant @expr
constant
    : name | LINE | FILE | DIR | TRAIT_C | METHOD_C | FUNC_C | NS_C | CLASS_C | PROPERTY_C
class_constant
    : class_name PAAMAYIM_NEKUDOTAYIM identifier @class_constant
    | variable_class_name PAAMAYIM_NEKUDOTAYIM identifier @object_class_constant
    | class_name PAAMAYIM_NEKUDOTAYIM '{' expr '}' @dynamic_class_constant
    | variable_class_name PAAMAYIM_NEKUDOTAYIM '{' expr '}' @dynamic_class_constant
optional_expr
    : %empty @false
    | expr @first
variable_class_name : fully_dereferenceable
fully_dereferenceable
    : variable
    | '(' expr ')' @parenthesised_base
    | dereferenceable_scalar @temporary
    | class_constant @temporary
    | new_dereferenceable @new_without_parentheses
array_object_dereferenceable
    : fully_dereferenceable
    | constant @temporary
callable_expr
    : callable_variable
    | '(' expr ')' @parenthesised_callee
    | dereferenceable_scalar
    | new_dereferenceable @new_without_parentheses
callable_variable
    : simple_variable @first
    | array_object_dereferenceable '[' expr ']' @dim
    | array_object_dereferenceable '[' ']' @append
    | array_object_dereferenceable '{' expr '}' @curly_offset !curly
    | array_object_dereferenceable OBJECT_OPERATOR property_name argument_list @mcall
    | array_object_dereferenceable NULLSAFE_OBJECT_OPERATOR property_name argument_list @nullsafe_call
    | function_call @first
variable
    : callable_variable @first
    | static_member @prop
    | array_object_dereferenceable OBJECT_OPERATOR property_name @prop
    | array_object_dereferenceable NULLSAFE_OBJECT_OPERATOR property_name @nullsafe_prop
simple_variable
    : VARIABLE @simple_variable
    | '$' '{' expr '}' @var
    | '$' simple_variable @var
static_member
    : class_name PAAMAYIM_NEKUDOTAYIM simple_variable
    | variable_class_name PAAMAYIM_NEKUDOTAYIM simple_variable
new_variable
    : simple_variable
    | new_variable '[' optional_expr ']'
    | new_variable '{' expr '}' @curly_offset !curly
    | new_variable OBJECT_OPERATOR property_name
    | new_variable NULLSAFE_OBJECT_OPERATOR property_name
    | class_name PAAMAYIM_NEKUDOTAYIM simple_variable
    | new_variable PAAMAYIM_NEKUDOTAYIM simple_variable
member_name
    : identifier
    | '{' expr '}'
    | simple_variable
property_name
    : STRING
    | '{' expr '}'
    | simple_variable

array_pair_list : non_empty_array_pair_list @first
possible_array_pair
    : %empty @true
    | array_pair @first
non_empty_array_pair_list
    : non_empty_array_pair_list ',' possible_array_pair @pairs_append
    | possible_array_pair @pairs_first
array_pair
    : expr DOUBLE_ARROW expr @pair_value3
    | expr @first
    | expr DOUBLE_ARROW ampersand variable @pair_value4
    | ampersand variable @pair_value2
    | ELLIPSIS expr @array_spread
    | expr DOUBLE_ARROW LIST '(' array_pair_list ')' @keyed_nested_list
    | LIST '(' array_pair_list ')' @nested_list

encaps_list
    : encaps_list encaps_var
    | encaps_list ENCAPSED_AND_WHITESPACE
    | encaps_var
    | ENCAPSED_AND_WHITESPACE encaps_var
encaps_var
    : VARIABLE
    | VARIABLE '[' encaps_var_offset ']'
    | VARIABLE OBJECT_OPERATOR STRING
    | VARIABLE NULLSAFE_OBJECT_OPERATOR STRING
    | DOLLAR_OPEN_CURLY_BRACES expr '}'
    | DOLLAR_OPEN_CURLY_BRACES STRING_VARNAME '}'
    | DOLLAR_OPEN_CURLY_BRACES STRING_VARNAME '[' expr ']' '}'
    | CURLY_OPEN variable '}'
encaps_var_offset
    : STRING
    | NUM_STRING
    | '-' NUM_STRING
    | VARIABLE

internal_functions_in_yacc
    : ISSET '(' isset_variables possible_comma ')' @isset
    | EMPTY '(' expr ')' @empty
    | INCLUDE expr
    | INCLUDE_ONCE expr
    | EVAL '(' expr ')'
    | REQUIRE expr
    | REQUIRE_ONCE expr
isset_variables
    : isset_variable
    | isset_variables ',' isset_variable
isset_variable : expr @isset_variable
"""
