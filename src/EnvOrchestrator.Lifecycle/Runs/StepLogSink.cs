using System.Globalization;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Ledger;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>
/// Writes a step's Terraform events (already redacted by the runner) to its step log as readable lines, batched so
/// a chatty apply does not turn into one storage write per line, yet followers see progress within a second.
/// </summary>
internal sealed class StepLogSink(IStepLogStore store, StepLogId log, TimeProvider time) : ITerraformEventSink
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);
    private readonly List<string> _pending = [];
    private long _lastFlush = time.GetTimestamp();

    public async ValueTask WriteAsync(TerraformEvent terraformEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terraformEvent);
        _pending.Add(terraformEvent.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + Describe(terraformEvent));
        if (_pending.Count >= 20 || time.GetElapsedTime(_lastFlush) >= FlushInterval)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        _pending.Add(time.GetUtcNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One <c>policy (mandatory|advisory): …</c> line per result, where people read the step.</summary>
    public async Task WritePolicyResultsAsync(IEnumerable<Core.Policies.PolicyResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            await WriteLineAsync($"policy ({result.Enforcement.ToString().ToLowerInvariant()}): {result.Message}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// True when a platform admin overrode the policies for the run: the mandatory results above are then noted as
    /// overridden in the log, and the caller goes on instead of refusing.
    /// </summary>
    public async Task<bool> OverriddenAsync(RunLedger ledger, EnvironmentId environment, RunId run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if ((await ledger.ReadRunAsync(environment, run, cancellationToken).ConfigureAwait(false))?.Override is not { } overridden)
        {
            return false;
        }

        await WriteLineAsync($"policy override by {overridden.By}: {overridden.Reason} (the mandatory results above do not stop this run)", cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count > 0)
        {
            await store.AppendAsync(log, [.. _pending], cancellationToken).ConfigureAwait(false);
            _pending.Clear();
        }

        _lastFlush = time.GetTimestamp();
    }

    private static string Describe(TerraformEvent e) => e switch
    {
        CommandStartedEvent s => $"$ terraform {s.Command} (pid {s.ProcessId})",
        CommandFinishedEvent f => string.Create(CultureInfo.InvariantCulture, $"terraform {f.Command} exited {f.ExitCode} after {f.Elapsed.TotalSeconds:0.0}s"),
        ResourceStartedEvent r => $"{r.Address}: {r.Action} started",
        ResourceProgressEvent p => $"{p.Address}: still {p.Action}... [{p.ElapsedSeconds}s elapsed]",
        ResourceCompletedEvent c => $"{c.Address}: {c.Action} complete after {c.ElapsedSeconds}s",
        ResourceErroredEvent x => $"{x.Address}: {x.Action} errored after {x.ElapsedSeconds}s",
        ProvisionerEvent p => $"{p.Address}: {p.Provisioner} {p.Stage.ToString().ToLowerInvariant()}{(p.Output is null ? string.Empty : ": " + p.Output)}",
        PlannedChangeEvent c => $"plan: {c.Address} will be {c.Action}",
        DiagnosticEvent d => $"{d.Severity}: {d.Summary}{(string.IsNullOrEmpty(d.Detail) ? string.Empty : " — " + d.Detail)}",
        ChangeSummaryEvent s => $"{s.Changes.Operation}: {s.Changes.Add} to add, {s.Changes.Change} to change, {s.Changes.Remove} to destroy",
        OutputsEvent o => "outputs: " + string.Join(", ", o.Outputs.Select(x => x.Name)),
        MessageEvent m => $"{m.Level}: {m.Text}",
        _ => e.GetType().Name,
    };
}
