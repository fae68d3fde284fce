"""Grammar: functions, classes, traits, interfaces, enums, parameters,
types, attributes and property hooks (see grammar_stmt for the format)."""

RULES = r"""
attribute_decl
    : class_name
    | class_name argument_list
attribute_group
    : attribute_decl
    | attribute_group ',' attribute_decl
attribute : ATTRIBUTE attribute_group possible_comma ']' @attribute
attributes
    : attribute
    | attributes attribute @concat

attributed_statement
    : function_declaration_statement
    | class_declaration_statement
    | trait_declaration_statement
    | interface_declaration_statement
    | enum_declaration_statement

function_name : STRING @text | READONLY @text
function_declaration_statement
    : FUNCTION returns_ref function_name '(' parameter_list ')' return_type '{' inner_statement_list '}' @function

is_reference
    : %empty
    | AMP_VAR
is_variadic
    : %empty @false
    | ELLIPSIS @variadic

class_declaration_statement
    : class_modifiers CLASS STRING extends_from implements_list '{' class_statement_list '}' @class_modified
    | CLASS STRING extends_from implements_list '{' class_statement_list '}' @class_plain
class_modifiers
    : class_modifier @list_first
    | class_modifiers class_modifier @class_modifiers
anonymous_class_modifiers
    : class_modifier
    | anonymous_class_modifiers class_modifier
anonymous_class_modifiers_optional
    : %empty
    | anonymous_class_modifiers @readonly_anonymous
class_modifier : ABSTRACT @modifier | FINAL @modifier | READONLY @readonly_class
trait_declaration_statement
    : TRAIT STRING '{' class_statement_list '}' @trait
interface_declaration_statement
    : INTERFACE STRING interface_extends_list '{' class_statement_list '}' @interface
enum_declaration_statement
    : ENUM STRING enum_backing_type implements_list '{' class_statement_list '}' @enum
enum_backing_type
    : %empty
    | ':' type_expr
enum_case : CASE identifier enum_case_expr ';' @enum_case
enum_case_expr
    : %empty
    | '=' expr
extends_from
    : %empty
    | EXTENDS class_name @extends_one
interface_extends_list
    : %empty
    | EXTENDS class_name_list @second
implements_list
    : %empty
    | IMPLEMENTS class_name_list @second

parameter_list
    : non_empty_parameter_list possible_comma @parameter_list
    | %empty @empty_list
non_empty_parameter_list
    : attributed_parameter @list_first
    | non_empty_parameter_list ',' attributed_parameter @list_append
attributed_parameter
    : attributes parameter @attributed_parameter
    | parameter @first
optional_cpp_modifiers
    : %empty @false
    | non_empty_member_modifiers @promotion
parameter
    : optional_cpp_modifiers optional_type_without_static is_reference is_variadic VARIABLE optional_property_hook_list @parameter
    | optional_cpp_modifiers optional_type_without_static is_reference is_variadic VARIABLE '=' expr optional_property_hook_list @parameter

optional_property_hook_list
    : %empty
    | '{' property_hook_list '}' @hooks !hooks

optional_type_without_static
    : %empty
    | type_expr_without_static
type_expr
    : type
    | '?' type @nullable_type
    | union_type @union_type
    | intersection_type @intersection_type
type
    : type_without_static
    | STATIC @static_type
type_expr_without_static
    : type_without_static
    | '?' type_without_static @nullable_type
    | union_type_without_static @union_type
    | intersection_type_without_static @intersection_type
type_without_static
    : ARRAY
    | CALLABLE @callable_type
    | name @type_name
union_type_element
    : type
    | '(' intersection_type ')' @dnf_type
union_type
    : union_type_element '|' union_type_element @union_parts
    | union_type '|' union_type_element @union_parts
union_type_without_static_element
    : type_without_static
    | '(' intersection_type_without_static ')' @dnf_type
union_type_without_static
    : union_type_without_static_element '|' union_type_without_static_element @union_parts
    | union_type_without_static '|' union_type_without_static_element @union_parts
intersection_type
    : type AMP type
    | intersection_type AMP type
intersection_type_without_static
    : type_without_static AMP type_without_static
    | intersection_type_without_static AMP type_without_static
return_type
    : %empty
    | ':' type_expr @return_type

class_statement_list
    : class_statement_list class_statement
    | %empty
attributed_class_statement
    : property_modifiers optional_type_without_static property_list ';' @property
    | property_modifiers optional_type_without_static hooked_property @hooked_property
    | class_const_modifiers CONST class_const_list ';' @class_const
    | class_const_modifiers CONST type_expr class_const_list ';' @typed_class_const
    | method_modifiers FUNCTION returns_ref identifier '(' parameter_list ')' return_type method_body @method
    | enum_case
class_statement
    : attributed_class_statement
    | attributes attributed_class_statement @attributed
    | USE class_name_list trait_adaptations @trait_use
class_name_list
    : class_name @list_first
    | class_name_list ',' class_name @list_append
trait_adaptations
    : ';'
    | '{' '}'
    | '{' trait_adaptation_list '}'
trait_adaptation_list
    : trait_adaptation
    | trait_adaptation_list trait_adaptation
trait_adaptation
    : trait_precedence ';'
    | trait_alias ';'
trait_precedence : absolute_trait_method_reference INSTEADOF class_name_list
trait_alias
    : trait_method_reference AS STRING
    | trait_method_reference AS reserved_non_modifiers
    | trait_method_reference AS member_modifier identifier @alias_modifier
    | trait_method_reference AS member_modifier @alias_modifier
trait_method_reference
    : identifier
    | absolute_trait_method_reference
absolute_trait_method_reference : class_name PAAMAYIM_NEKUDOTAYIM identifier
method_body
    : ';' @false
    | '{' inner_statement_list '}' @true
property_modifiers
    : non_empty_member_modifiers @first
    | VAR @var_modifier
method_modifiers
    : %empty @empty_list
    | non_empty_member_modifiers @first
class_const_modifiers
    : %empty @empty_list
    | non_empty_member_modifiers @const_visibility
non_empty_member_modifiers
    : member_modifier @list_first
    | non_empty_member_modifiers member_modifier @member_modifiers
member_modifier
    : PUBLIC @modifier | PROTECTED @modifier | PRIVATE @modifier
    | PUBLIC_SET @modifier | PROTECTED_SET @modifier | PRIVATE_SET @modifier
    | STATIC @modifier | ABSTRACT @modifier | FINAL @modifier | READONLY @readonly_modifier
property_list
    : property_list ',' property @list_append
    | property @list_first
property
    : VARIABLE @property_plain
    | VARIABLE '=' expr @property_default
hooked_property
    : VARIABLE '{' property_hook_list '}' @hooked_plain
    | VARIABLE '=' expr '{' property_hook_list '}' @hooked_default !hooks
property_hook_list
    : %empty
    | property_hook_list property_hook
    | property_hook_list attributes property_hook
property_hook_modifiers
    : %empty
    | non_empty_member_modifiers
property_hook
    : property_hook_modifiers returns_ref STRING optional_parameter_list property_hook_body @hook
property_hook_body
    : ';'
    | '{' inner_statement_list '}'
    | DOUBLE_ARROW expr ';'
optional_parameter_list
    : %empty @empty_list
    | '(' parameter_list ')' @second
class_const_list
    : class_const_list ',' class_const_decl @concat3
    | class_const_decl
class_const_decl : identifier '=' expr @const_decl
const_decl : STRING '=' expr @global_const_decl

anonymous_class
    : anonymous_class_modifiers_optional CLASS ctor_arguments extends_from implements_list '{' class_statement_list '}' @anonymous_class
inline_function
    : FUNCTION returns_ref '(' parameter_list ')' lexical_vars return_type '{' inner_statement_list '}' @closure
    | FN returns_ref '(' parameter_list ')' return_type DOUBLE_ARROW expr %prec PREC_ARROW_FUNCTION @arrow_function
returns_ref
    : %empty
    | ampersand
lexical_vars
    : %empty
    | USE '(' lexical_var_list possible_comma ')' @lexical_vars
lexical_var_list
    : lexical_var_list ',' lexical_var
    | lexical_var
lexical_var
    : VARIABLE @lexical_var
    | ampersand VARIABLE @lexical_var_ref
"""
