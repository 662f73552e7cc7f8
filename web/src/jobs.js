// What the pages that run the engine's background jobs share (simulation, evaluation): the
// Run and Cancel buttons, the progress bar with its status line, and a job followed by its
// Server-Sent Events to the end, with Cancel wired to DELETE /api/jobs/<id>.
import { cancelJob, followJob, writeToken } from './api.js';
import { seconds } from './format.js';
import { html } from './ui.js';

/**
 * The end of the form: the seed (#PREFIX-seed), the write token (#PREFIX-token, which
 * jobRunner fills from the tab's session) and the Run and Cancel buttons (#PREFIX-run,
 * #PREFIX-cancel).
 */
export function jobButtons(prefix) {
  return html`<label>Seed <input id="${prefix}-seed" type="number" min="0" value="1" /></label>
      <label>Write token <input id="${prefix}-token" type="password" autocomplete="off" placeholder="the server’s --write-token" /></label>
      <div class="buttons">
        <button id="${prefix}-run" type="submit">Run</button>
        <button id="${prefix}-cancel" type="button" disabled>Cancel</button>
      </div>`;
}

/** The progress bar and status line below the form: #PREFIX-progress, #PREFIX-status. */
export function progressRow(prefix, what) {
  return html`<div class="progress-row">
      <progress id="${prefix}-progress" max="1" value="0" aria-label="${what} progress"></progress>
      <span id="${prefix}-status" role="status" aria-live="polite">Not started.</span>
    </div>`;
}

/**
 * Wires the Cancel button of the page's form and returns follow(job): it shows the job's
 * progress ("Job 3 running: 5 of 8 runs, 1.2 s", `unit` naming what is counted), sets
 * root.dataset.job, and resolves with the job's final status; the page's status line says
 * how a job that did not finish ended. `closed()` tells when the page was left.
 */
export function jobRunner(root, prefix, unit, closed) {
  const $ = (s) => root.querySelector(s);
  const status = $(`#${prefix}-status`);
  const progress = $(`#${prefix}-progress`);
  let jobId = null;
  $(`#${prefix}-token`).value = writeToken();
  $(`#${prefix}-cancel`).addEventListener('click', async () => {
    if (jobId === null) return;
    try {
      await cancelJob(jobId);
      status.textContent = 'Cancelling…';
    } catch (err) {
      status.textContent = `Cancel failed: ${err.message}`;
    }
  });
  return async (job) => {
    jobId = job.id;
    root.dataset.job = String(job.id);
    $(`#${prefix}-cancel`).disabled = false;
    status.textContent = `Job ${job.id} queued.`;
    const end = await followJob(job.id, (st) => {
      if (closed()) return;
      progress.max = Math.max(st.total || 1, 1);
      progress.value = st.done || 0;
      status.textContent = `Job ${st.id} ${st.state}: ${st.done} of ${st.total || '?'} ${unit}${st.seconds ? `, ${seconds(st.seconds)}` : ''}`;
    });
    if (closed()) return end;
    if (end.state === 'done') {
      progress.value = progress.max;
      status.textContent = `Job ${end.id} done in ${seconds(end.seconds)}.`;
    } else {
      status.textContent = `Job ${end.id} ${end.state}${end.error ? `: ${end.error}` : ''}.`;
    }
    return end;
  };
}
