// The rptc template language (docs/language.md): the parse tree that compiler/parse/internal/
// ast_builder.cc turns into an ast::Module.
//
// The grammar is deliberately a little more permissive than the language where that buys a
// better message: the header may appear anywhere and field modifiers in any order (the AST
// builder reports misplaced or repeated ones), `*`, `+` and `{M,}` parse (the checker rejects
// unbounded repetition), and a check may call any function name (the checker knows `sum`).
// No rule is left-recursive and nesting only happens through brackets, whose depth
// compiler/parse caps before this parser runs. There are no semantic predicates: where spacing
// matters (`@v:money(...)`, `{key}_growth`) the lexer decides.
parser grammar TemplateParser;

options { tokenVocab = TemplateLexer; }

templateFile : moduleItem* EOF ;

moduleItem
  : header
  | importDecl
  | declaration
  | SEMI
  ;

// ---- header and imports -------------------------------------------------------------------

header : KW_TEMPLATE identifier STRING? headerBody? ;

headerBody : LBRACE headerItem* RBRACE ;

headerItem
  : KW_VERSION (STRING | number)  # versionItem
  | KW_LANGUAGES identifierList   # languagesItem
  | KW_NORMALIZE identifierList   # normalizeItem
  | SEMI                          # emptyHeaderItem
  ;

identifierList : identifier (COMMA identifier)* ;

importDecl : KW_IMPORT (dottedName | STRING) (KW_AS identifier)? ;

// ---- declarations -------------------------------------------------------------------------

declaration
  : lexiconDecl
  | patternDecl
  | sectionDecl
  | fieldDecl
  | listDecl
  | forLoop
  | requireDecl
  | checkDecl
  | orderDecl
  | testDecl
  ;

lexiconDecl : KW_LEXICON identifier LBRACE (lexiconEntry | SEMI)* RBRACE ;

lexiconEntry : identifier COLON STRING (PIPE STRING)* ;

patternDecl : KW_PATTERN identifier ASSIGN pattern ;

sectionDecl : KW_SECTION identifier STRING? LBRACE sectionItem* RBRACE ;

sectionItem
  : beginClause
  | endClause
  | excludeClause
  | declaration
  | SEMI
  ;

beginClause : KW_BEGIN (KW_FIRST | KW_LAST)? pattern ;

endClause
  : KW_END KW_BEFORE dottedName (COMMA dottedName)*  # endBefore
  | KW_END pattern                                   # endPattern
  ;

// Text where none of the section's fields or lists is read (the clause a decoy figure stands in).
excludeClause : KW_EXCLUDE pattern ;

fieldDecl : KW_FIELD namePart COLON typeRef fieldModifier* fieldCondition? fieldRule+ ;

// `where @year == review_year`: a candidate whose capture differs from that field's value is
// dropped (docs/language.md, "Conditions").
fieldCondition : KW_WHERE AT identifier EQ path ;

fieldModifier : KW_ONE | KW_MANY | KW_FIRST | KW_LAST | KW_BEST | KW_ALL ;

fieldRule : ASSIGN pattern (KW_PRIORITY integer)? ;

listDecl : KW_LIST identifier ASSIGN pattern (KW_TITLE KW_UNTIL pattern)? ;

forLoop : KW_FOR identifier KW_IN dottedName LBRACE (declaration | SEMI)* RBRACE ;

requireDecl : KW_REQUIRE path (COMMA path)* ruleOption* ;

checkDecl : KW_CHECK checkSubject checkCondition ruleOption* ;

checkSubject
  : identifier lparen path RPAREN  # callSubject
  | path                           # pathSubject
  ;

checkCondition
  : KW_IN range           # rangeCondition
  | KW_HAS KW_QUALIFIER   # qualifierCondition
  ;

orderDecl : KW_ORDER dottedName (COMMA dottedName)* ruleOption* ;

ruleOption
  : KW_SEVERITY (KW_ERROR | KW_WARNING)  # severityOption
  | KW_MESSAGE STRING                    # messageOption
  ;

testDecl : KW_TEST STRING (KW_IN dottedName)? LBRACE (expectation | SEMI)* RBRACE ;

expectation
  : KW_NO path itemRef?                       # absentExpectation
  | path itemRef? EQ (STRING | number)        # valueExpectation
  ;

// `[0].title` after a list's path: one item of the list (0-based) and one of its fields. The
// index lexes as a character class (no other token starts with `[`); the AST builder reads it.
// The field is optional here so that the checker, not a syntax error, explains `items[0] == ..`.
itemRef : CHAR_CLASS (DOT namePart)? ;

// ---- patterns -----------------------------------------------------------------------------

pattern : alternative (PIPE alternative)* ;

alternative : repetition+ ;

repetition : atom quantifier* ;

quantifier
  : QUESTION                              # optionalQuantifier
  | STAR                                  # starQuantifier
  | PLUS                                  # plusQuantifier
  | LBRACE INT (COMMA INT?)? RBRACE       # countQuantifier
  ;

atom
  : STRING                                                              # literalAtom
  | CHAR_CLASS                                                          # classAtom
  | KW_ANY                                                              # anyAtom
  | KW_GAP lparen INT DOTDOT INT (COMMA KW_SENTENCE)? RPAREN            # gapAtom
  | anchor                                                              # anchorAtom
  | AT identifier (COLON typeRef)? (ATTACHED_LPAREN pattern RPAREN)?     # captureAtom
  | lparen pattern RPAREN                                               # groupAtom
  | refHead (DOT namePart)*                                             # refAtom
  ;

anchor : KW_LINE_START | KW_PARA_START | KW_SENTENCE_START | KW_CLAUSE_START | KW_BOUNDARY ;

// ---- names and numbers --------------------------------------------------------------------

// `money`, `std.values.money`, `indicator`, `list(money)`.
typeRef
  : KW_LIST lparen dottedName RPAREN  # listTypeRef
  | dottedName                        # plainTypeRef
  ;

// `std.values.money`, `indicator.gdp`, `indicator.{key}`.
dottedName : identifier (DOT namePart)* ;

namePart : identifier | NAME_TEMPLATE ;

// `review.{key}_growth`: dot-separated names, each of which may hold loop variables.
path : namePart (DOT namePart)* ;

// A `(` wherever one opens: after a space or attached to the name before it.
lparen : LPAREN | ATTACHED_LPAREN ;

range : number DOTDOT number ;

number : MINUS? (INT | FLOAT) ;

integer : MINUS? INT ;

// Any word, keywords included: names of declarations, keys, captures, types and path parts.
identifier : ID | softKeyword | reservedWord ;

// The first word of a pattern reference. Left out are the words that start a declaration or
// clause, or mean something else inside a pattern, so that a pattern always ends before them.
refHead : ID | softKeyword ;

softKeyword
  : KW_AS | KW_IN | KW_ONE | KW_MANY | KW_BEST | KW_ALL | KW_UNTIL | KW_SEVERITY | KW_MESSAGE
  | KW_ERROR | KW_WARNING | KW_HAS | KW_QUALIFIER | KW_NO | KW_VERSION | KW_LANGUAGES
  | KW_NORMALIZE | KW_SENTENCE | KW_WHERE
  ;

reservedWord
  : KW_TEMPLATE | KW_IMPORT | KW_LEXICON | KW_PATTERN | KW_SECTION | KW_FIELD | KW_LIST | KW_FOR
  | KW_REQUIRE | KW_CHECK | KW_ORDER | KW_TEST | KW_BEGIN | KW_END | KW_BEFORE | KW_EXCLUDE
  | KW_FIRST | KW_LAST | KW_PRIORITY | KW_TITLE | KW_ANY | KW_GAP | KW_LINE_START | KW_PARA_START
  | KW_SENTENCE_START | KW_CLAUSE_START | KW_BOUNDARY
  ;
