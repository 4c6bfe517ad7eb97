// Live progress of training runs: poll the JSON every 2 s while any run is queued or running.
(function () {
  const table = document.getElementById("runs");
  if (!table) return;
  const busy = (runs) => runs.some((r) => r.status === "queued" || r.status === "running");
  async function poll() {
    const answer = await fetch(table.dataset.url, { credentials: "same-origin" });
    if (!answer.ok) return;
    const { runs } = await answer.json();
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
