// An attempts upload being imported: poll its JSON every 2 s, move the bar, and reload the page when it ends
// (the page then shows the outcome).
(function () {
  const box = document.getElementById("upload");
  if (!box) return;
  const waiting = (status) => status === "queued" || status === "running";
  if (!waiting(box.dataset.status)) return;
  async function poll() {
    const answer = await fetch(box.dataset.url, { credentials: "same-origin" });
    if (answer.ok) {
      const upload = await answer.json();
      if (upload.finished) { location.reload(); return; }
      box.querySelector("progress").value = upload.percent;
      box.querySelector(".percent").textContent = `${upload.percent}%`;
      box.querySelector(".status").textContent = upload.status_text;
    }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 2000);
})();
