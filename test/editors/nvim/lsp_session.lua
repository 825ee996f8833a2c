-- Run by test/editors/nvim.test.ts in headless Neovim started with editors/nvim/init.lua on a
-- spec: waits for featc lsp's diagnostics, hovers with the configuration's K at the position
-- FEATC_NVIM_HOVER ("line:column", 1-based line, 0-based byte column), types the fix at
-- FEATC_NVIM_FIX and waits for the error to go, previews the dataset on the sample, and writes
-- what the editor shows as JSON to FEATC_NVIM_RESULT, then quits, whatever happened.
local result = {}

local function clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function floating_window()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      return win
    end
  end
  return nil
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  result.nvim = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch
  result.filetype = vim.bo[bufnr].filetype
  result.syntax = vim.b[bufnr].current_syntax
  result.starts_with = vim.lsp.start and "vim.lsp.start" or "vim.lsp.start_client"
  if not vim.wait(60000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 20) then
    error("no diagnostics within 60 s")
  end
  local client = clients(bufnr)[1]
  result.client = { name = client.name, cmd = client.config.cmd, root_dir = client.config.root_dir }
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_col = d.end_col,
      severity = d.severity,
      code = d.code,
      message = d.message,
      href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
    })
  end
  local line, column = os.getenv("FEATC_NVIM_HOVER"):match("^(%d+):(%d+)$")
  vim.api.nvim_win_set_cursor(0, { tonumber(line), tonumber(column) })
  result.hovered_word = vim.fn.expand("<cword>")
  vim.cmd("normal K")
  if not vim.wait(20000, function()
    return floating_window() ~= nil
  end, 20) then
    error("no hover window within 20 s")
  end
  result.hover = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(floating_window()), 0, -1, false)
  vim.api.nvim_win_close(floating_window(), true)

  -- The fix, typed into the buffer and not saved: `pric` becomes `price`; the error goes.
  local fix_line, fix_col = os.getenv("FEATC_NVIM_FIX"):match("^(%d+):(%d+)$")
  vim.api.nvim_buf_set_text(bufnr, tonumber(fix_line) - 1, tonumber(fix_col), tonumber(fix_line) - 1, tonumber(fix_col), { "e" })
  if not vim.wait(30000, function()
    return #vim.diagnostic.get(bufnr) == 0
  end, 20) then
    error("the diagnostic stayed after the fix")
  end
  result.diagnostics_after_fix = #vim.diagnostic.get(bufnr)

  -- "Preview on sample" of the dataset under the cursor, with the configuration's <leader>p.
  local answer, preview_error
  require("featc").preview(function(err, got)
    preview_error = err and (err.message or tostring(err)) or vim.NIL
    answer = got
  end)
  if not vim.wait(120000, function()
    return preview_error ~= nil
  end, 20) then
    error("no preview within 120 s")
  end
  result.preview_error = preview_error
  if answer then
    result.preview = { dataset = answer.dataset, rows = answer.rows, table = answer.table }
    result.preview_window = vim.api.nvim_buf_get_lines(vim.api.nvim_get_current_buf(), 0, -1, false)
    result.preview_buffer = vim.api.nvim_buf_get_name(vim.api.nvim_get_current_buf())
  end
end

local ok, err = pcall(run)
if not ok then
  result.error = tostring(err)
end
local file = assert(io.open(os.getenv("FEATC_NVIM_RESULT"), "w"))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd("qa!")
