-- A ready Neovim configuration for .feat specs:
--
--   nvim -u editors/nvim/init.lua examples/goog_1s.feat
--
-- or, from your own init.lua, dofile("/path/to/featc/editors/nvim/init.lua"). It puts this folder
-- on the runtimepath (ftdetect/feat.vim, syntax/feat.vim, ftplugin/feat.lua, lua/featc) and starts
-- `featc lsp` for every .feat buffer. Set vim.g.featc_cmd before it to choose the server's
-- command, e.g. vim.g.featc_cmd = { "node", "/path/to/featc/bin/featc.js", "lsp" }.
local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
vim.opt.runtimepath:prepend(here)

vim.cmd("filetype plugin indent on")
vim.cmd("syntax enable")

-- A diagnostic's code before its message, as featc check prints it (`E0014`): its first line
-- beside the code, all of it (label, notes, hint) in the float of `<leader>e`.
local function with_code(diagnostic)
  if diagnostic.code then
    return string.format("%s: %s", diagnostic.code, diagnostic.message)
  end
  return diagnostic.message
end
vim.diagnostic.config({
  virtual_text = {
    format = function(diagnostic)
      return with_code(diagnostic):match("^[^\n]*")
    end,
  },
  float = { border = "rounded", source = false, format = with_code },
  severity_sort = true,
})
vim.lsp.handlers["textDocument/hover"] = vim.lsp.with(vim.lsp.handlers.hover, { border = "rounded" })
vim.lsp.handlers["textDocument/signatureHelp"] = vim.lsp.with(vim.lsp.handlers.signature_help, { border = "rounded" })

require("featc").setup({ cmd = vim.g.featc_cmd })
