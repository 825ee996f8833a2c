-- Run by test/editors/nvim.test.ts in headless Neovim with editors/nvim on the runtimepath:
-- opens each file of FEATC_NVIM_FILES (JSON) and writes, for each line, the highlight group of
-- editors/nvim/syntax/feat.vim at every byte ("" where none), as JSON to FEATC_NVIM_RESULT.
local files = vim.fn.json_decode(os.getenv("FEATC_NVIM_FILES"))
local result = {}
local ok, err = pcall(function()
  for _, path in ipairs(files) do
    vim.cmd("edit " .. vim.fn.fnameescape(path))
    local groups = { filetype = vim.bo.filetype, lines = {} }
    for lnum = 1, vim.fn.line("$") do
      local line = {}
      for col = 1, #vim.fn.getline(lnum) do
        table.insert(line, vim.fn.synIDattr(vim.fn.synID(lnum, col, 1), "name"))
      end
      table.insert(groups.lines, line)
    end
    result[path] = groups
  end
end)
if not ok then
  result = { error = tostring(err) }
end
local file = assert(io.open(os.getenv("FEATC_NVIM_RESULT"), "w"))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd("qa!")
