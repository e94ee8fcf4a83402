using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Ledger;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Lifecycle.UseCases.Environments;

/// <summary>
/// The policy results shown with an environment: those of its latest run. An extension starts no run, so its
/// advice goes onto the run whose results describe the environment as it is.
/// </summary>
internal sealed class LatestRunPolicyResults(IRunStore runs, RunLedger ledger, ILogger<LatestRunPolicyResults> logger)
{
    public async Task<IReadOnlyList<PolicyResultView>> ReadAsync(EnvironmentId id, ImmutableArray<PolicyResult> add, CancellationToken cancellationToken)
    {
        var latest = (await runs.ListAsync(id, 1, null, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault();
        if (latest is not null && !add.IsEmpty)
        {
            try
            {
                latest = await ledger.RecordPolicyResultsAsync(id, latest.Id, add, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The extension is stored already: advice that cannot be recorded must not turn its answer into a 500.
                logger.AdviceNotRecorded(id.Project.Value, id.Name.Value, add.Length);
            }
        }

        return latest is null ? [] : ViewMapper.ToViews(latest.PolicyResults);
    }
}
