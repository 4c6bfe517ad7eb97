// Live progress of training runs: poll the JSON every 2 s while any run is queued or running; when the last one
// ends, reload the page so its charts (versions, learning curve) show what the run made.
(function () {
  const table = document.getElementById("runs");
  if (!table) return;
  const active = (status) => status === "queued" || status === "running";
  const busy = (runs) => runs.some((r) => active(r.status));
  const wasBusy = [...table.querySelectorAll("tr[data-status]")].some((row) => active(row.dataset.status));
  async function poll() {
    const answer = await fetch(table.dataset.url, { credentials: "same-origin" });
    if (!answer.ok) return;
    const { runs } = await answer.json();
    if (wasBusy && !busy(runs)) { location.reload(); return; }
    for (const run of runs) {
      const row = table.querySelector(`tr[data-run="${run.id}"]`);
      if (!row) { location.reload(); return; }
      row.querySelector(".status").textContent = run.status_label;
      row.querySelector(".stage").textContent = run.stage_label;
      row.querySelector("progress").value = run.percent;
      row.querySelector(".epochs").textContent = `${run.epoch}/${run.epochs_total}`;
      row.querySelector(".loss").textContent = run.loss ?? "—";
      row.querySelector(".auc").textContent = run.valid_auc ?? "—";
    }
    if (busy(runs)) setTimeout(poll, 2000);
  }
  setTimeout(poll, 2000);
})();
