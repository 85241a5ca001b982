// The browser side of EntryPage.razor: the grid moves like a spreadsheet. Tab and Shift+Tab are the browser's
// own (right and left); Enter and the up and down arrows move down and up a row in the same column. A block
// pasted from Excel (rows by line breaks, cells by tabs) fills the cells from the one pasted into, each as if
// typed: its value is set and a change event raised, so that the page sees every cell it filled.

const maxPastedCells = 10_000;

function cellAt(table, row, col) {
  return table.querySelector(`input.entry-input[data-row="${row}"][data-col="${col}"]`);
}

function position(input) {
  return { row: Number(input.dataset.row), col: Number(input.dataset.col) };
}

function onKeyDown(event) {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.classList.contains("entry-input")) {
    return;
  }

  const step = event.key === "Enter" ? (event.shiftKey ? -1 : 1) : event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
  if (step === 0) {
    return;
  }

  const { row, col } = position(input);
  const next = cellAt(event.currentTarget, row + step, col);
  event.preventDefault();
  // Leaving the cell commits what was typed (the change event) before the next one takes the focus.
  input.dispatchEvent(new Event("change", { bubbles: true }));
  if (next) {
    next.focus();
    next.select();
  }
}

// Excel copies a block as lines of tab-separated cells, with a final line break.
export function parseBlock(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") {
    lines.pop();
  }

  return lines.map((line) => line.split("\t"));
}

function onPaste(event) {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.classList.contains("entry-input")) {
    return;
  }

  const text = event.clipboardData?.getData("text/plain") ?? "";
  if (!text.includes("\t") && !text.includes("\n")) {
    return; // one value: the browser pastes it into the cell as usual
  }

  event.preventDefault();
  const block = parseBlock(text);
  const { row, col } = position(input);
  let filled = 0;
  for (let r = 0; r < block.length; r++) {
    for (let c = 0; c < block[r].length && filled < maxPastedCells; c++) {
      const cell = cellAt(event.currentTarget, row + r, col + c);
      if (cell && !cell.disabled) {
        cell.value = block[r][c].trim();
        cell.dispatchEvent(new Event("change", { bubbles: true }));
        filled++;
      }
    }
  }
}

export function initialize(table) {
  if (!table || table.dataset.entryGrid === "ready") {
    return;
  }

  table.dataset.entryGrid = "ready";
  table.addEventListener("keydown", onKeyDown);
  table.addEventListener("paste", onPaste);
}
