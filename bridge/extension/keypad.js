// The on-screen keypad of the signing and PIN windows (for readers without a PIN pad, and for
// people who prefer not to type a PIN on a keyboard that may be watched). Fills the element with
// the buttons and types into the field `target()` returns, within its maxLength.

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "backspace"];

export function wireKeypad(keypad, target) {
  for (const key of KEYS) {
    const button = document.createElement("button");
    button.type = "button";
    button.id = `key-${key}`;
    if (key === "clear") {
      button.textContent = "Temizle";
      button.setAttribute("aria-label", "Alanı temizle");
    } else if (key === "backspace") {
      button.textContent = "←";
      button.setAttribute("aria-label", "Son rakamı sil");
    } else {
      button.textContent = key;
    }
    button.addEventListener("click", () => press(target(), key));
    keypad.append(button);
  }
}

function press(field, key) {
  if (!field) return;
  if (key === "clear") field.value = "";
  else if (key === "backspace") field.value = field.value.slice(0, -1);
  else if (field.value.length < field.maxLength) field.value += key;
}
