// The therapist page's Copy button (an anywidget view): copies the widget's `text`.
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-button widget-button cbt-copy";
  button.textContent = model.get("label");
  button.addEventListener("click", async () => {
    const text = model.get("text");
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch (error) {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { copied = document.execCommand("copy"); } catch (again) { copied = false; }
      area.remove();
    }
    button.textContent = copied ? "Copied" : "Select the link and copy it";
    model.set("copies", model.get("copies") + (copied ? 1 : 0));
    model.save_changes();
    setTimeout(() => { button.textContent = model.get("label"); }, 2500);
  });
  el.appendChild(button);
}
export default { render };
