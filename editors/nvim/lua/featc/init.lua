-- The featc language server (`featc lsp`) for `.feat` buffers.
--
--   require("featc").setup({ cmd = { "featc", "lsp" } })   -- every option is optional
--
-- Starts one server per project root and attaches each `.feat` buffer of that root to it, with
-- vim.lsp.start where Neovim has it (0.8 and later) and vim.lsp.start_client plus
-- vim.lsp.buf_attach_client on 0.7, which has no vim.lsp.start.
local M = {}

local defaults = {
  -- The server's command; nil: the nearest node_modules/.bin/featc above the buffer, a clone of
  -- featc above it (bin/featc.js, run with node), else `featc` on PATH.
  cmd = nil,
  -- A project's root: the nearest folder above the buffer holding one of these.
  root_markers = { "package.json", ".git" },
  -- The server's initialization options (docs/editors.md).
  init_options = { diagnosticsDelayMs = 100 },
  -- Buffer-local mappings for the server's features (K, gd, gr, ...; see keymaps below).
  keymaps = true,
  -- Format with `featc fmt` (the server's formatting) before each write.
  format_on_save = false,
  -- "Preview on sample" (docs/editors.md, Preview): the log and window the server previews, as
  -- the settings featc.preview.* (source, symbol, from, to, rows); empty: the bundled GOOG day.
  preview = {},
  -- Called with (client, bufnr) once a buffer is attached.
  on_attach = nil,
}

M.config = vim.deepcopy(defaults)

local uv = vim.loop

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ":h")
  if up == dir then
    return nil
  end
  return up
end

local function is_featc_package(dir)
  local file = io.open(dir .. "/package.json", "r")
  if not file then
    return false
  end
  local ok, manifest = pcall(vim.fn.json_decode, file:read("*a"))
  file:close()
  return ok and type(manifest) == "table" and manifest.name == "featc"
end

--- The command that starts the server for the file at `path`, or nil when there is no featc.
function M.command_for(path)
  if M.config.cmd then
    return M.config.cmd
  end
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir do
    local bin = dir .. "/node_modules/.bin/featc"
    if vim.fn.executable(bin) == 1 then
      return { bin, "lsp" }
    end
    if is_featc_package(dir) and exists(dir .. "/bin/featc.js") then
      return { "node", dir .. "/bin/featc.js", "lsp" }
    end
    dir = parent(dir)
  end
  if vim.fn.executable("featc") == 1 then
    return { "featc", "lsp" }
  end
  return nil
end

--- The project root of the file at `path`: the nearest folder with a root marker, else its own.
function M.root_for(path)
  local start = vim.fn.fnamemodify(path, ":p:h")
  local dir = start
  while dir do
    for _, marker in ipairs(M.config.root_markers) do
      if exists(dir .. "/" .. marker) then
        return dir
      end
    end
    dir = parent(dir)
  end
  return start
end

local function map(bufnr, lhs, rhs, desc)
  vim.keymap.set("n", lhs, rhs, { buffer = bufnr, silent = true, desc = desc })
end

local function format(bufnr)
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = bufnr, name = "featc", timeout_ms = 2000 })
  else
    vim.lsp.buf.formatting_sync(nil, 2000)
  end
end

local function on_attach(client, bufnr)
  vim.bo[bufnr].omnifunc = "v:lua.vim.lsp.omnifunc"
  if M.config.keymaps then
    map(bufnr, "K", vim.lsp.buf.hover, "featc: hover")
    map(bufnr, "gd", vim.lsp.buf.definition, "featc: go to definition")
    map(bufnr, "gr", vim.lsp.buf.references, "featc: references")
    map(bufnr, "<C-k>", vim.lsp.buf.signature_help, "featc: signature help")
    map(bufnr, "<leader>rn", vim.lsp.buf.rename, "featc: rename")
    map(bufnr, "<leader>ca", vim.lsp.buf.code_action, "featc: code actions (quick fixes)")
    map(bufnr, "<leader>f", function()
      format(bufnr)
    end, "featc: format")
    map(bufnr, "[d", vim.diagnostic.goto_prev, "previous diagnostic")
    map(bufnr, "]d", vim.diagnostic.goto_next, "next diagnostic")
    map(bufnr, "<leader>e", vim.diagnostic.open_float, "the diagnostics of this line")
    map(bufnr, "<leader>p", M.preview, "featc: preview the dataset on the sample")
  end
  -- The lenses ("Preview on sample" above each dataset) as virtual text, kept up to date.
  if client.server_capabilities and client.server_capabilities.codeLensProvider then
    vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "BufWritePost", "CursorHold" }, {
      buffer = bufnr,
      group = vim.api.nvim_create_augroup("featc_lens_" .. bufnr, { clear = true }),
      callback = function()
        vim.lsp.codelens.refresh()
      end,
    })
    vim.lsp.codelens.refresh()
  end
  if M.config.format_on_save then
    vim.api.nvim_create_autocmd("BufWritePre", {
      buffer = bufnr,
      group = vim.api.nvim_create_augroup("featc_format_" .. bufnr, { clear = true }),
      callback = function()
        format(bufnr)
      end,
    })
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

-- Neovim 0.7: the client started for each root, reused by the buffers under it.
local clients_by_root = {}

--- Starts (or reuses) the server for buffer `bufnr` and attaches the buffer; the client's id.
function M.start(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == "" then
    path = vim.fn.getcwd() .. "/untitled.feat"
  end
  local cmd = M.command_for(path)
  if not cmd then
    vim.notify(
      "featc: no featc to start (npm install featc in the project, put featc on PATH, or set cmd in require('featc').setup)",
      vim.log.levels.WARN
    )
    return nil
  end
  local root = M.root_for(path)
  local config = {
    name = "featc",
    cmd = cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = M.config.init_options,
    -- Answers the server's workspace/configuration (section featc.preview).
    settings = { featc = { preview = M.config.preview } },
    on_attach = on_attach,
  }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local function featc_client(bufnr)
  local attached = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(attached) do
    if client.name == "featc" then
      return client
    end
  end
  return nil
end

-- A client that can open documents gets the table from the server (window/showDocument); one
-- that cannot (Neovim 0.7) only has it in the command's answer, shown here in a split.
local function show_table(text, dataset)
  local name = "featc-preview://" .. dataset
  -- A new preview of the dataset replaces the last one.
  if vim.fn.bufexists(name) == 1 then
    vim.api.nvim_buf_delete(vim.fn.bufnr(name), { force = true })
  end
  local bufnr = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, vim.split(text, "\n", { plain = true }))
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].bufhidden = "wipe"
  pcall(vim.api.nvim_buf_set_name, bufnr, name)
  vim.cmd("botright split")
  vim.api.nvim_win_set_buf(0, bufnr)
  vim.wo.wrap = false
  return bufnr
end

--- Previews the dataset at or above the cursor (the nearest "Preview on sample" lens) on the
--- sample log; `done(err, answer)` is called with the server's answer.
function M.preview(done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = featc_client(bufnr)
  local function finish(err, answer)
    if err then
      vim.notify("featc preview: " .. (err.message or tostring(err)), vim.log.levels.ERROR)
    end
    if type(done) == "function" then
      done(err, answer)
    end
  end
  if not client then
    return finish({ message = "no featc language server is attached to this buffer" })
  end
  local line = vim.api.nvim_win_get_cursor(0)[1] - 1
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  client.request("textDocument/codeLens", params, function(err, lenses)
    if err then
      return finish(err)
    end
    local chosen
    for _, lens in ipairs(lenses or {}) do
      if lens.command and lens.range.start.line <= line and (not chosen or lens.range.start.line > chosen.range.start.line) then
        chosen = lens
      end
    end
    chosen = chosen or (lenses or {})[1]
    if not chosen or not chosen.command then
      return finish({ message = "no dataset in this file" })
    end
    client.request("workspace/executeCommand", chosen.command, function(command_err, answer)
      if command_err then
        return finish(command_err)
      end
      local capabilities = vim.lsp.protocol.make_client_capabilities()
      local show_document = capabilities.window and capabilities.window.showDocument
      local shown_by_server = show_document and show_document.support == true
      if answer and answer.table and not shown_by_server then
        show_table(answer.table, chosen.command.arguments[2] or "dataset")
      end
      finish(nil, answer)
    end, bufnr)
  end, bufnr)
end

--- Starts the server for every `.feat` buffer, from now on and for those already open.
function M.setup(options)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), options or {})
  local group = vim.api.nvim_create_augroup("featc", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "feat",
    callback = function(args)
      M.start(args.buf)
    end,
  })
  vim.api.nvim_create_user_command("FeatcPreview", function()
    M.preview()
  end, { desc = "featc: preview the dataset at the cursor on the sample log" })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == "feat" then
      M.start(bufnr)
    end
  end
end

return M
