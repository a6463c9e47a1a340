// Tokens of the rptc template language (docs/language.md).
//
// The lexer never fails: every input character becomes some token. Characters that start no
// token go to the ERRORS channel, and unterminated strings, character classes and block comments
// are still returned as their token type; compiler/parse reports all of them (E0002, E0006-E0008)
// in one pass over the token stream, so the parser itself only ever sees well-formed tokens.
lexer grammar TemplateLexer;

channels { COMMENTS, DOCS, ERRORS }

// A `(` written right after a name or a `)` (`gap(`, `sum(`, `@v:money(`, `list(money)(`): the
// token pass in compiler/parse retypes such LPAREN tokens, so that `@v:money("x")` (a capture
// of "x") and `@v:money ("x")` (a capture, then a group) parse apart with no predicate in
// either grammar (a lexer predicate would keep the lexer off its DFA at every token start).
tokens { ATTACHED_LPAREN }

// Keywords. Most are soft: the parser rule `identifier` admits every keyword, and the pattern
// rule `refHead` admits all but the few that would make a pattern's end ambiguous.
KW_TEMPLATE       : 'template';
KW_IMPORT         : 'import';
KW_AS             : 'as';
KW_LEXICON        : 'lexicon';
KW_PATTERN        : 'pattern';
KW_SECTION        : 'section';
KW_FIELD          : 'field';
KW_LIST           : 'list';
KW_FOR            : 'for';
KW_IN             : 'in';
KW_REQUIRE        : 'require';
KW_CHECK          : 'check';
KW_ORDER          : 'order';
KW_TEST           : 'test';
KW_BEGIN          : 'begin';
KW_END            : 'end';
KW_BEFORE         : 'before';
KW_EXCLUDE        : 'exclude';
KW_FIRST          : 'first';
KW_LAST           : 'last';
KW_ONE            : 'one';
KW_MANY           : 'many';
KW_BEST           : 'best';
KW_ALL            : 'all';
KW_PRIORITY       : 'priority';
KW_WHERE          : 'where';
KW_TITLE          : 'title';
KW_UNTIL          : 'until';
KW_SEVERITY       : 'severity';
KW_MESSAGE        : 'message';
KW_ERROR          : 'error';
KW_WARNING        : 'warning';
KW_HAS            : 'has';
KW_QUALIFIER      : 'qualifier';
KW_NO             : 'no';
KW_VERSION        : 'version';
KW_LANGUAGES      : 'languages';
KW_NORMALIZE      : 'normalize';
KW_ANY            : 'any';
KW_GAP            : 'gap';
KW_SENTENCE       : 'sentence';
KW_LINE_START     : 'line_start';
KW_PARA_START     : 'para_start';
KW_SENTENCE_START : 'sentence_start';
KW_CLAUSE_START   : 'clause_start';
KW_BOUNDARY       : 'boundary';

EQ       : '==';
ASSIGN   : '=';
PIPE     : '|';
COLON    : ':';
COMMA    : ',';
DOTDOT   : '..';
DOT      : '.';
SEMI     : ';';
LPAREN   : '(';
RPAREN   : ')';
LBRACE   : '{';
RBRACE   : '}';
QUESTION : '?';
STAR     : '*';
PLUS     : '+';
MINUS    : '-';
AT       : '@';

// `0..12` lexes as INT DOTDOT INT because a FLOAT needs a digit after its dot.
FLOAT : [0-9]+ '.' [0-9]+;
INT   : [0-9]+;
ID    : [A-Za-z_] [A-Za-z0-9_]*;
// A name with loop variables in it, written without spaces: `{key}_growth`, `a{k}b`, `{key}`.
// One token, so that `{key} _growth` (two names) and `section s {` (a block) cannot be read as
// one; `{2}` stays a repetition count because a variable starts with a letter.
NAME_TEMPLATE : [A-Za-z0-9_]* ('{' [A-Za-z_] [A-Za-z0-9_]* '}' [A-Za-z0-9_]*)+;

// Escapes are validated (and decoded) by compiler/parse, which can point at the bad one.
STRING : '"' (STRING_ESC | ~["\\\r\n])* '"';
// Runs to the end of the line; reported as E0002 and otherwise treated as a string.
UNTERMINATED_STRING : '"' (STRING_ESC | ~["\\\r\n])* '\\'? -> type(STRING);

CHAR_CLASS : '[' (STRING_ESC | ~[\]\\\r\n])* ']';
UNTERMINATED_CHAR_CLASS : '[' (STRING_ESC | ~[\]\\\r\n])* '\\'? -> type(CHAR_CLASS);

// `///` starts a doc comment, `////` an ordinary one (the longer LINE_COMMENT match wins).
DOC_COMMENT  : '///' (~[/\r\n] ~[\r\n]*)? -> channel(DOCS);
LINE_COMMENT : '//' ~[\r\n]* -> channel(COMMENTS);
// Written without a non-greedy loop so that the unterminated variant below can never run past
// a `*/`: lexing stays linear.
BLOCK_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'+ '/' -> channel(COMMENTS);
UNTERMINATED_BLOCK_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* -> channel(COMMENTS);

WS : [ \t\r\n\f\u000B]+ -> skip;

// Anything else, one code point at a time; reported as E0006.
ERROR_CHAR : . -> channel(ERRORS);

fragment STRING_ESC : '\\' ~[\r\n];
