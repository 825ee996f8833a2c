" .feat feature specs (featc).
autocmd BufRead,BufNewFile *.feat setfiletype feat
