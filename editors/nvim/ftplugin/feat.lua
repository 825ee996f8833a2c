-- .feat buffers: comments and the layout `featc fmt` writes (two spaces).
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = true

vim.bo.commentstring = "// %s"
vim.bo.comments = ":///,://"
vim.bo.formatoptions = vim.bo.formatoptions:gsub("t", "") .. "croql"
vim.bo.expandtab = true
vim.bo.shiftwidth = 2
vim.bo.softtabstop = 2
vim.bo.autoindent = true
vim.bo.smartindent = true
vim.bo.suffixesadd = ".feat"
vim.b.undo_ftplugin =
  "setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< autoindent< smartindent< suffixesadd<"
