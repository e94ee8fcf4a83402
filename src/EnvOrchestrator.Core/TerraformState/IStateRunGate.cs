namespace EnvOrchestrator.Core.TerraformState;

/// <summary>
/// Whether a run may still use the state credentials issued for it: the state backend asks on every request made with
/// a run-scoped token, so a token leaked from a finished run (a log, a crash dump, a run folder) opens nothing.
/// </summary>
public interface IStateRunGate
{
    ValueTask<bool> IsActiveAsync(TerraformStateAddress address, string runId, CancellationToken cancellationToken);
}

/// <summary>Every run is active: for a state backend used without a lifecycle (tests, a stand-alone backend).</summary>
public sealed class OpenStateRunGate : IStateRunGate
{
    public ValueTask<bool> IsActiveAsync(TerraformStateAddress address, string runId, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
