-- Run by editors/screenshots/nvim.sh inside Neovim in an xterm: puts the editor in the state a
-- screenshot shows, then writes FEATC_SHOT_READY. FEATC_SHOT is "diagnostic" (the error's
-- virtual text, sign and its float), "hover" (K on a standard-library call) or "preview" (the
-- error fixed, then the dataset's preview on the sample).
local shot = os.getenv("FEATC_SHOT")
local bufnr = vim.api.nvim_get_current_buf()

-- Neovim 0.7's default colours draw floating windows as its magenta popup menu, where a hover's
-- numbers vanish: the screenshots give them a grey of their own.
vim.cmd("highlight NormalFloat ctermbg=236 ctermfg=252")
vim.cmd("highlight FloatBorder ctermbg=236 ctermfg=244")
vim.cmd("highlight DiagnosticFloatingError ctermbg=236 ctermfg=210")

local function ready()
  vim.cmd("redraw!")
  local file = io.open(os.getenv("FEATC_SHOT_READY"), "w")
  file:write(shot)
  file:close()
end

local function after_diagnostics(callback)
  local timer = vim.loop.new_timer()
  timer:start(100, 100, vim.schedule_wrap(function()
    if #vim.diagnostic.get(bufnr) > 0 then
      timer:stop()
      callback()
    end
  end))
end

local function cursor_on(text, offset)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(text, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { lnum, col - 1 + offset })
      return
    end
  end
end

after_diagnostics(function()
  if shot == "diagnostic" then
    cursor_on("bid.pric", 4)
    -- After the cursor's move is seen: a float opened before it is closed by CursorMoved.
    vim.defer_fn(function()
      vim.diagnostic.open_float({ scope = "cursor" })
      vim.defer_fn(ready, 300)
    end, 300)
  elseif shot == "preview" then
    -- The error fixed in the buffer, then <leader>p: the dataset's rows on the sample in a split.
    cursor_on("bid.pric", 8)
    vim.api.nvim_put({ "e" }, "c", true, false)
    cursor_on("dataset demo", 0)
    vim.cmd("normal! zt")
    require("featc").preview(function()
      vim.cmd("resize 25")
      vim.defer_fn(ready, 300)
    end)
  else
    cursor_on("imbalance(levels", 2)
    vim.cmd("normal K")
    vim.defer_fn(ready, 800)
  end
end)
