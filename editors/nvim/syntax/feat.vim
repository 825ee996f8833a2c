" Vim syntax file for .feat feature specs (featc): docs/language.md section 2, the lexer is
" grammar/tokens.ts. Checked against the lexer by test/editors/nvim.test.ts.
if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" Operators first: a comment, defined later, wins where both start (`//` is no division).
syn match featOperator "->\|=>\|??\|[<>!=]=\|[-+*/<>=?]"
syn match featDelimiter "[(){},:.]"
syn match featError "[^[:alnum:]_[:space:]\"/().,:{}=<>!?+*-]\+\|!\%(=\)\@!"

syn keyword featDeclaration fn dataset let label
syn keyword featInclude import
syn keyword featConditional if then else match
syn keyword featTrigger trigger every events when
syn keyword featOperatorWord and or not is
syn keyword featBoolean true false
syn keyword featNull null
syn keyword featType f64 i64 bool timestamp duration

" `trade` and `event` are trigger words, or field roots before a `.` (a syn keyword would win
" over the root's match, so they are matches).
syn match featTriggerWord "\<\%(trade\|event\)\>\%(\s*\.\)\@!"

" Where two matches start at the same place the later one wins: a built-in over a call, a
" trigger word over a call (`book_change(2)`), a side's member over a call (`.depth(5)`).
syn match featCall "\<\h\w*\ze\s*("
syn match featBuiltin "\<\%(prev\|delta\|sum_since_emit\|count_since_emit\|first_since_emit\|last_since_emit\|min_since_emit\|max_since_emit\|open\|high\|low\|close\|ema\|rolling_sum\|rolling_mean\|rolling_min\|rolling_max\|rolling_std\|rolling_count\|rolling_quantile\|rolling_median\|time_since\|time_since_trade\|log\|future\)\ze\s*("
" `volume` and `book_change` are trigger words only on a trigger's line.
syn match featTriggerWord "\%(\<trigger\>.*\)\@<=\<\%(volume\|book_change\)\>"
syn match featRoot "\<\%(book\|event\|trade\|flow\|row\|quality\)\ze\s*\."
syn match featField "\%(\.\s*\)\@<=\h\w*"
syn match featFunctionName "\%(\<fn\s\+\)\@<=\h\w*"
syn match featDatasetName "\%(\<dataset\s\+\)\@<=\h\w*"
syn match featColumn "^\s*\zs\h\w*\ze\s*=\%([=>]\)\@!"
syn match featColumn "\%(\<\%(let\|label\)\s\+\)\@<=\h\w*"

" Numbers in the lexer's order: a duration or bps (its unit apart), a float, an integer.
syn match featInteger "\<\d\+\>"
syn match featFloat "\<\d\+\.\d\+\%([eE][+-]\=\d\+\)\=\>"
syn match featFloat "\<\d\+[eE][+-]\=\d\+\>"
syn match featUnitNumber "\<\d\+\%(\.\d\+\)\=\ze\%(ns\|us\|ms\|s\|m\|h\|bps\)\>" nextgroup=featUnit
syn match featUnit "\%(ns\|us\|ms\|s\|m\|h\|bps\)\>" contained

syn match featEscape +\\.+ contained
syn region featString start=+"+ skip=+\\.+ end=+"+ end=+$+ oneline contains=featEscape

syn keyword featTodo TODO FIXME XXX NOTE contained
syn match featComment "//.*$" contains=featTodo,@Spell
syn match featDocComment "///.*$" contains=featTodo,@Spell

hi def link featComment Comment
hi def link featDocComment SpecialComment
hi def link featTodo Todo
hi def link featString String
hi def link featEscape SpecialChar
hi def link featInteger Number
hi def link featFloat Float
hi def link featUnitNumber Number
hi def link featUnit Type
hi def link featDeclaration Keyword
hi def link featInclude Include
hi def link featConditional Conditional
hi def link featTrigger Statement
hi def link featTriggerWord Statement
hi def link featOperatorWord Operator
hi def link featOperator Operator
hi def link featDelimiter Delimiter
hi def link featBoolean Boolean
hi def link featNull Constant
hi def link featType Type
hi def link featCall Function
hi def link featBuiltin Special
hi def link featRoot Identifier
hi def link featField Identifier
hi def link featFunctionName Function
hi def link featDatasetName Structure
hi def link featColumn Identifier
hi def link featError Error

let b:current_syntax = "feat"

let &cpo = s:cpo_save
unlet s:cpo_save
