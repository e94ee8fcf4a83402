using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Runs;

namespace EnvOrchestrator.Lifecycle.UseCases.Change;

/// <summary>What an update would do (a what-if): every resource planned, nothing applied.</summary>
internal sealed class PlanEnvironmentHandler(ChangeProposals proposals, EnvironmentPlanner planner, TimeProvider time)
{
    public async Task<LifecycleResult<PlanView>> HandleAsync(PlanEnvironmentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var proposal = await proposals.ProposeAsync(query.Project, query.Name, query.Inputs, query.TemplateVersion, overridden: false, cancellationToken).ConfigureAwait(false);
        if (proposal.Problem is { } refused)
        {
            return LifecycleResult.Failure<PlanView>(refused);
        }

        var proposed = ChangeProposals.Apply(proposal.Environment!, proposal.Template!, proposal.Inputs!, time.GetUtcNow());
        return LifecycleResult.Success(await planner.PlanAsync(proposed, cancellationToken).ConfigureAwait(false));
    }
}
