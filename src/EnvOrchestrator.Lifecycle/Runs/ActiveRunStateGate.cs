using System.Collections.Concurrent;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;

namespace EnvOrchestrator.Lifecycle.Runs;

/// <summary>
/// A run's state credentials open its states while the run works on its environment (it is the environment's current
/// run). Terraform makes several requests per command, so a yes is remembered for a few seconds; a no never is.
/// </summary>
internal sealed class ActiveRunStateGate(IEnvironmentStore environments, TimeProvider time) : IStateRunGate
{
    private static readonly TimeSpan Remembered = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Project, string Run), DateTimeOffset> _active = new();

    public async ValueTask<bool> IsActiveAsync(TerraformStateAddress address, string runId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_active.TryGetValue((address.Workspace, runId), out var until) && until > now)
        {
            return true;
        }

        if (!await IsCurrentRunAsync(address, runId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (_active.Count > 10_000)
        {
            _active.Clear();
        }

        _active[(address.Workspace, runId)] = now + Remembered;
        return true;
    }

    /// <summary>
    /// The state name is <c>{environment}.{resource}</c> (<see cref="StateAddresses"/>), or, for names too long for the
    /// backend, <c>{first 20 characters of the environment}.{hash}</c>: then the project's environments with that prefix
    /// are looked at (rare, and a project holds few).
    /// </summary>
    private async Task<bool> IsCurrentRunAsync(TerraformStateAddress address, string runId, CancellationToken cancellationToken)
    {
        if (!ProjectName.TryParse(address.Workspace, out var project))
        {
            return false;
        }

        var prefix = address.StateName.Split('.', 2)[0];
        if (EnvironmentName.TryParse(prefix, out var name)
            && await environments.FindAsync(new EnvironmentId(project, name), cancellationToken).ConfigureAwait(false) is { } environment
            && environment.CurrentRunId?.Value == runId)
        {
            return true;
        }

        string? token = null;
        do
        {
            var page = await environments.ListAsync(project, EnvironmentFilter.None, Paging.MaxPageSize, token, cancellationToken).ConfigureAwait(false);
            if (page.Items.Any(e => e.CurrentRunId?.Value == runId && e.Id.Name.Value.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return true;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return false;
    }
}
